package dev.porch.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Files porch writes under {@code .agent-status/} (logs, prompts), for this adapter and the CLI: a
 * repository can carry a symbolic link at {@code .agent-status/logs} or at a log's name, and porch
 * must not write through it to somewhere outside, nor block opening a pipe someone left there.
 */
public final class StateFiles {
  private StateFiles() {}

  /**
   * Makes each folder from {@code statusDir} down to {@code file}'s parent, refusing any that is a
   * link or not a folder, and refuses {@code file} itself unless it is absent or a plain file.
   *
   * @param statusDir the {@code .agent-status} folder (its parent, the repository, is trusted)
   * @param file a file inside it
   * @return {@code file}
   * @throws IOException naming the path that is in the way and what to do
   */
  public static Path prepare(Path statusDir, Path file) throws IOException {
    Path parent = file.getParent();
    if (!parent.startsWith(statusDir)) {
      throw new IOException(file + " is not inside " + statusDir);
    }
    Path folder = statusDir;
    ensureFolder(folder);
    for (Path part : statusDir.relativize(parent)) {
      folder = folder.resolve(part);
      ensureFolder(folder);
    }
    BasicFileAttributes a = attributes(file);
    if (a != null && !a.isRegularFile()) {
      throw new IOException(file + " is " + kind(a) + ", not a plain file; porch will not write through it:"
          + " remove it (it is not porch's) and try again");
    }
    return file;
  }

  /** Opens {@code file} (after {@link #prepare}) for appending, never through a symbolic link. */
  public static OutputStream append(Path statusDir, Path file) throws IOException {
    return Files.newOutputStream(prepare(statusDir, file), open(StandardOpenOption.APPEND));
  }

  /** Opens {@code file} (after {@link #prepare}) emptied, never through a symbolic link. */
  public static OutputStream replace(Path statusDir, Path file) throws IOException {
    return Files.newOutputStream(prepare(statusDir, file), open(StandardOpenOption.TRUNCATE_EXISTING));
  }

  private static OpenOption[] open(StandardOpenOption how) {
    return new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.WRITE, how, LinkOption.NOFOLLOW_LINKS};
  }

  private static void ensureFolder(Path folder) throws IOException {
    try {
      Files.createDirectory(folder);
      return;
    } catch (FileAlreadyExistsException e) {
      // check what is there
    }
    BasicFileAttributes a = attributes(folder);
    if (a == null || !a.isDirectory() || a.isSymbolicLink() || a.isOther()) {
      throw new IOException(folder + " is " + (a == null ? "missing" : kind(a)) + ", not a folder; porch keeps its"
          + " state in real folders inside the repository and will not follow it: remove it (it is not porch's)");
    }
  }

  private static BasicFileAttributes attributes(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    }
  }

  private static String kind(BasicFileAttributes a) {
    if (a.isSymbolicLink()) {
      return "a symbolic link";
    }
    if (a.isDirectory()) {
      return "a folder";
    }
    return a.isRegularFile() ? "a file" : "a pipe, socket or device";
  }
}
