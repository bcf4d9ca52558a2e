package dev.porch.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Drains a process's output into a log with a fixed buffer (the output is never held whole), splits
 * it into lines for listeners, and keeps draining after the log reaches its size limit so the
 * process never blocks on a full pipe.
 */
public final class OutputPump implements Runnable {
  /** Written once when the log reaches its limit. */
  public static final String TRUNCATED = "[porch: log truncated]";
  /** The default longest line handed to listeners, in bytes; longer lines are cut. */
  public static final int MAX_LINE = 4096;
  private static final int BUFFER = 8192;

  /** Receives the output's lines, and hears when a read is done and when the output ended. */
  public interface Listener extends Consumer<String> {
    /** After the lines of one read: a good moment to flush what was written for them. */
    default void flush() {}

    /** The output ended; called before {@link #done()} completes. */
    default void end() {}
  }

  private final InputStream in;
  private final OutputStream log;
  private final long maxBytes;
  private final Listener lines;
  private final int maxLine;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private byte[] line = new byte[MAX_LINE];
  private int lineLength;
  private long written;
  private boolean truncated;

  /**
   * @param in the output to drain
   * @param log where to copy it; closed when the output ends
   * @param maxBytes the most bytes copied to the log, or {@code Long.MAX_VALUE}
   * @param lines receives each line (without its line break, cut at 4096 bytes), on the pump thread
   */
  public OutputPump(InputStream in, OutputStream log, long maxBytes, Consumer<String> lines) {
    this(in, log, maxBytes, MAX_LINE, lines::accept);
  }

  /**
   * @param in the output to drain
   * @param log where to copy it; closed when the output ends
   * @param maxBytes the most bytes copied to the log, or {@code Long.MAX_VALUE}
   * @param maxLine the longest line handed over, in bytes (the buffer grows up to it as needed)
   * @param lines receives each line (without its line break, cut at {@code maxLine} bytes), on the
   *     pump thread
   */
  public OutputPump(InputStream in, OutputStream log, long maxBytes, int maxLine, Listener lines) {
    this.in = in;
    this.log = log;
    this.maxBytes = maxBytes;
    this.maxLine = Math.max(1, maxLine);
    this.lines = lines;
  }

  /** Completes when the output has ended (or failed) and the log is closed. */
  public CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void run() {
    byte[] buf = new byte[BUFFER];
    try (in; log) {
      int n;
      while ((n = in.read(buf)) != -1) {
        copy(buf, n);
        split(buf, n);
        quietly(lines::flush);
      }
    } catch (IOException | RuntimeException e) {
      // The process's pipe closed under us (killed) or the log failed; nothing more to read.
    } finally {
      if (lineLength > 0) {
        emit();
      }
      quietly(lines::end);
      done.complete(null);
    }
  }

  private void copy(byte[] buf, int n) throws IOException {
    if (truncated) {
      return;
    }
    long room = maxBytes - written;
    if (n <= room) {
      log.write(buf, 0, n);
      written += n;
    } else {
      log.write(buf, 0, (int) room);
      log.write(("\n" + TRUNCATED + "\n").getBytes(StandardCharsets.UTF_8));
      log.flush();
      written = maxBytes;
      truncated = true;
    }
  }

  private void split(byte[] buf, int n) {
    for (int i = 0; i < n; i++) {
      byte b = buf[i];
      if (b == '\n') {
        emit();
      } else if (lineLength < maxLine) {
        if (lineLength == line.length) {
          line = java.util.Arrays.copyOf(line, Math.min(maxLine, line.length * 2));
        }
        line[lineLength++] = b;
      }
    }
  }

  private void emit() {
    int len = lineLength;
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    lineLength = 0;
    String text = new String(line, 0, len, StandardCharsets.UTF_8);
    if (line.length > 16 * MAX_LINE) {
      line = new byte[MAX_LINE]; // one long line must not keep a big buffer for the agent's whole run
    }
    quietly(() -> lines.accept(text));
  }

  private static void quietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException | LinkageError | StackOverflowError listenerFailed) {
      // A listener's bug (or a parser choking on a hostile line) must not stop the draining: the
      // agent would block on a full pipe and its outcome would never complete.
    }
  }
}
