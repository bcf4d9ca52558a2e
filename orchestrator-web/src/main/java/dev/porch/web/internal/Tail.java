package dev.porch.web.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a growing text file: each {@link #next()} returns the complete lines written since the
 * last call (a line still being written waits for its newline). A file that shrank (rewritten) is
 * read again from its start. Not thread-safe: one follower thread owns it.
 */
final class Tail {
  private static final int MAX_READ = 256 * 1024;
  private final Path file;
  private long offset;

  /**
   * @param file the file (it need not exist yet)
   * @param offset where to start, e.g. the file's current length to see only new lines
   */
  Tail(Path file, long offset) {
    this.file = file;
    this.offset = offset;
  }

  Path file() {
    return file;
  }

  List<String> next() {
    List<String> lines = new ArrayList<>();
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long len = f.length();
      if (len < offset) {
        offset = 0;
      }
      if (len == offset) {
        return lines;
      }
      f.seek(offset);
      byte[] b = new byte[(int) Math.min(MAX_READ, len - offset)];
      f.readFully(b);
      int start = 0;
      for (int i = 0; i < b.length; i++) {
        if (b[i] == '\n') {
          int end = i > start && b[i - 1] == '\r' ? i - 1 : i;
          lines.add(new String(b, start, end - start, StandardCharsets.UTF_8));
          start = i + 1;
        }
      }
      offset += start;
    } catch (IOException e) {
      // not there yet, or gone: nothing new
    }
    return lines;
  }

  static long length(Path file) {
    return file.toFile().length();
  }
}
