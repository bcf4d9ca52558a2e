package dev.porch.web.internal;

import dev.porch.core.TaskName;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The files the dashboard shows, found from porch's layout alone ({@code .agent-status/logs/},
 * {@code .worktrees/<task>/RESULTS.md}), never from a status file's fields (status files are data
 * anyone can write). A symbolic link, or a file that leads out of its folder, is not read.
 */
final class RepoFiles {
  private final Path root;

  RepoFiles(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Path events() {
    return dev.porch.core.StateLayout.of(root).eventsFile();
  }

  /** The readable transcript when there is one, else the raw log. */
  Optional<Path> log(TaskName task) {
    Path logs = dev.porch.core.StateLayout.of(root).logsFolder();
    for (Path p : List.of(logs.resolve(task.value() + ".transcript.log"), logs.resolve(task.value() + ".log"))) {
      if (safe(p, dev.porch.core.StateLayout.of(root).statusFolder())) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The task's RESULTS.md (at most 256 KiB of it), when it has one. */
  Optional<String> results(TaskName task) {
    Path wt = dev.porch.core.StateLayout.of(root).worktree(task);
    Path file = wt.resolve("RESULTS.md");
    if (!safe(file, wt)) {
      return Optional.empty();
    }
    return Optional.of(new String(head(file, 256 * 1024), StandardCharsets.UTF_8));
  }

  /** The last {@code max} bytes of a file, from the start of a line. */
  static String tail(Path file, int max) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long len = f.length();
      long from = Math.max(0, len - max);
      f.seek(from);
      byte[] b = new byte[(int) (len - from)];
      f.readFully(b);
      String s = new String(b, StandardCharsets.UTF_8);
      int nl = s.indexOf('\n');
      return from > 0 && nl >= 0 ? s.substring(nl + 1) : s;
    } catch (IOException e) {
      return "";
    }
  }

  private static byte[] head(Path file, int max) {
    try (var in = Files.newInputStream(file)) {
      return in.readNBytes(max);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static boolean safe(Path file, Path within) {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      return file.toRealPath().startsWith(within.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }
}
