package dev.porch.agent.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The readable transcript of one attempt ({@code .agent-status/logs/<task>.transcript.log}): lines
 * written through a buffer that is flushed after each read of the agent's output, so a reader sees
 * them live, and cut at the same size limit as the raw log.
 */
final class Transcript implements AutoCloseable {
  private final OutputStream out;
  private final long maxBytes;
  private long written;
  private boolean broken;

  /**
   * @param out the opened file (see {@link dev.porch.files.StateFiles#append}), or null for none
   * @param maxBytes the most bytes written per attempt
   */
  Transcript(OutputStream out, long maxBytes) {
    this.out = out == null ? null : new BufferedOutputStream(out, 8192);
    this.maxBytes = maxBytes;
    this.broken = out == null;
  }

  void add(String line) {
    if (broken) {
      return;
    }
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      if (written + bytes.length > maxBytes) {
        out.write((OutputPump.TRUNCATED + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        broken = true;
        return;
      }
      out.write(bytes);
      written += bytes.length;
    } catch (IOException e) {
      // The disk is full or the file went away: the raw log still has everything.
      broken = true;
    }
  }

  void flush() {
    if (out == null) {
      return;
    }
    try {
      out.flush();
    } catch (IOException e) {
      broken = true;
    }
  }

  @Override
  public void close() {
    if (out == null) {
      return;
    }
    try {
      out.close();
    } catch (IOException e) {
      // Nothing more to write.
    }
  }
}
