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
  private static final int BUFFER = 8192;
  private static final int MAX_LINE = 4096;

  private final InputStream in;
  private final OutputStream log;
  private final long maxBytes;
  private final Consumer<String> lines;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final byte[] line = new byte[MAX_LINE];
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
    this.in = in;
    this.log = log;
    this.maxBytes = maxBytes;
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
      }
    } catch (IOException | RuntimeException e) {
      // The process's pipe closed under us (killed) or the log failed; nothing more to read.
    } finally {
      if (lineLength > 0) {
        emit();
      }
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
      } else if (lineLength < MAX_LINE) {
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
    try {
      lines.accept(new String(line, 0, len, StandardCharsets.UTF_8));
    } catch (RuntimeException listenerFailed) {
      // A listener's bug must not stop the draining.
    }
  }
}
