package dev.porch.cli.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Prints a log file line by line, made safe for a terminal ({@link Sanitize}: an agent's output may
 * hold escape sequences), and remembers how far it got, so {@code porch logs -f} can print what is
 * added later, like {@code tail -f}. Only whole lines are printed until {@link #finish} (a line being
 * written is held back). Not thread-safe: one follower per command.
 */
public final class LogFollower {
  private static final int CHUNK = 64 * 1024;
  private final Path file;
  private final PrintWriter out;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private long offset;
  /** Whether the line being written was left out by {@code -n}, so its end is not printed either. */
  private boolean dropCurrent;

  /**
   * @param file the log, already checked to be porch's
   * @param out where lines go
   */
  public LogFollower(Path file, PrintWriter out) {
    this.file = file;
    this.out = out;
  }

  /**
   * Prints the file as it is now: every line, or only the last {@code last} lines when it is not
   * negative.
   *
   * @param last how many lines from the end; -1 for all
   */
  public void printExisting(int last) {
    if (last < 0) {
      printNew();
      return;
    }
    Deque<String> tail = new ArrayDeque<>();
    read(line -> {
      tail.addLast(line);
      if (tail.size() > last) {
        tail.removeFirst();
      }
    });
    // a line still being written counts as the last one
    if (partial.size() > 0 && tail.size() + 1 > last) {
      if (tail.isEmpty()) {
        dropCurrent = true;
      } else {
        tail.removeFirst();
      }
    }
    tail.forEach(out::println);
    out.flush();
  }

  /** Prints whole lines added since the last call; starts over when the file was truncated. */
  public void printNew() {
    read(out::println);
    out.flush();
  }

  /** Prints what is left, the last line too even without its newline. */
  public void finish() {
    printNew();
    if (partial.size() > 0 && !dropCurrent) {
      out.println(safe(partial.toByteArray(), partial.size()));
      partial.reset();
    }
    out.flush();
  }

  private void read(java.util.function.Consumer<String> lines) {
    try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      if (ch.size() < offset) { // a new attempt started the log again
        offset = 0;
        partial.reset();
      }
      ch.position(offset);
      ByteBuffer buf = ByteBuffer.allocate(CHUNK);
      int n;
      while ((n = ch.read(buf)) > 0) {
        offset += n;
        byte[] bytes = buf.array();
        for (int i = 0; i < n; i++) {
          if (bytes[i] == '\n') {
            if (!dropCurrent) {
              lines.accept(safe(partial.toByteArray(), partial.size()));
            }
            dropCurrent = false;
            partial.reset();
          } else {
            partial.write(bytes[i]);
          }
        }
        buf.clear();
      }
    } catch (java.nio.channels.ClosedByInterruptException e) {
      // Ctrl-C while reading: keep the interrupt, the follower's next wait ends on it
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** One line as text, without a trailing CR, every control character shown as a visible escape. */
  private static String safe(byte[] bytes, int length) {
    int end = length > 0 && bytes[length - 1] == '\r' ? length - 1 : length;
    return Sanitize.text(new String(bytes, 0, end, StandardCharsets.UTF_8));
  }
}
