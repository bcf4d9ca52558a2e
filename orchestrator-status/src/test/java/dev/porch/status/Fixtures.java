package dev.porch.status;

import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helpers: fixture bytes and status files placed by hand. */
final class Fixtures {
  private Fixtures() {}

  /** The bytes of a fixture under {@code dev/porch/status/fixtures/}. */
  static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("fixtures/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code content} as {@code <repo>/.agent-status/<task>.json}, the way another tool would. */
  static Path place(Path repo, String task, byte[] content) {
    try {
      Path dir = Files.createDirectories(repo.resolve(".agent-status"));
      return Files.write(dir.resolve(task + ".json"), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes text (UTF-8) as a status file. */
  static Path place(Path repo, String task, String content) {
    return place(repo, task, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The file's content as text. */
  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static AgentStatus pending(String task) {
    return AgentStatus.pending(TaskName.of(task), "feature/" + task, ".worktrees/" + task);
  }

  /** A seed-format status file with {@code extra} spliced in before the closing brace. */
  static String seedJson(String task, String branch, String worktree, String extra) {
    return "{\"task\": \"" + task + "\", \"status\": \"RUNNING\", \"started\": null, \"completed\": null,"
        + " \"summary\": null, \"files_changed\": [], \"branch\": \"" + branch + "\", \"worktree\": \""
        + worktree + "\"" + extra + "}";
  }
}
