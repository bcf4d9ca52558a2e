package dev.porch.status.internal;

import dev.porch.core.event.OrchestrationEvent;
import dev.porch.status.EventLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/** The {@link EventLog} over {@code events.ndjson}: one append per line, under this object's lock. */
public final class EventLogWriter implements EventLog {
  /** The log's file name inside the status folder. */
  public static final String FILE_NAME = "events.ndjson";

  private final Path file;
  private FileChannel channel;
  private boolean closed;

  /**
   * A log appending to {@code file}; the file and its folder are created on the first event.
   *
   * @param file the log file
   */
  public EventLogWriter(Path file) {
    this.file = file.toAbsolutePath();
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public synchronized void onEvent(OrchestrationEvent event) {
    Objects.requireNonNull(event, "event");
    if (closed) {
      throw new IllegalStateException("the event log " + file + " is closed");
    }
    byte[] line = EventJson.line(event);
    try {
      if (channel == null) {
        AtomicFiles.realFolder(file.getParent());
        AtomicFiles.plainOrAbsent(file);
        // APPEND: every write goes to the end as one step, even with other processes appending.
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND,
            java.nio.file.LinkOption.NOFOLLOW_LINKS);
      }
      ByteBuffer buf = ByteBuffer.wrap(line);
      while (buf.hasRemaining()) {
        channel.write(buf); // one call for the whole line on every local file system
      }
    } catch (IOException e) {
      throw FileStatusStore.ioFailure(file, "cannot append an event", e);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Lines already went to the OS; nothing buffered is lost.
      }
      channel = null;
    }
  }
}
