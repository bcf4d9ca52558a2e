package dev.porch.files;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A path porch was about to write through is a link, a junction, a pipe or the wrong kind of file,
 * or lies outside the folder it must stay in. Nothing was written. The message names the path and
 * says what to do; {@link #path()} and {@link #found()} carry the same as data.
 */
public final class UnsafePathException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path path;
  private final String found;

  UnsafePathException(Path path, String found, String message) {
    super(message);
    this.path = path;
    this.found = found;
  }

  /**
   * The path in the way.
   *
   * @return it, as porch built it
   */
  public Path path() {
    return path;
  }

  /**
   * What is there, in words: "a symbolic link", "a junction or mount point", "a file", "a folder",
   * "a pipe, socket or device", or "outside" for a path that is not inside the repository.
   *
   * @return the kind found
   */
  public String found() {
    return found;
  }
}
