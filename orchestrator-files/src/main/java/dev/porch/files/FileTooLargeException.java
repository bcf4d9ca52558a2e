package dev.porch.files;

import java.io.IOException;

/** Thrown by {@link StateFiles#read} for a file over the caller's limit. */
public final class FileTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;
  private final long size;

  FileTooLargeException(long size) {
    super("too large: " + size + " bytes");
    this.size = size;
  }

  /**
   * The size seen.
   *
   * @return the file's size, or the limit + 1 when the file grew while being read
   */
  public long size() {
    return size;
  }
}
