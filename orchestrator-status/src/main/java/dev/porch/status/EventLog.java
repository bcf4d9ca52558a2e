package dev.porch.status;

import dev.porch.core.event.EventListener;
import java.nio.file.Path;

/**
 * An {@link EventListener} that appends every event as one JSON object per line to {@code
 * <repo>/.agent-status/events.ndjson}. Get one from {@link StatusFiles#eventLog}.
 *
 * <p>Each line carries {@code type}, {@code run}, {@code at} (ISO-8601 UTC), {@code task} when the
 * event has one, and the event's own fields in snake_case (see {@code docs/status-files.md}).
 * Thread-safe: lines are written whole, in the order {@link #onEvent} is called, each with one
 * append to a file opened in append mode, so lines from other processes appending to the same file
 * never interleave with them. Each line goes to the OS when written (no buffering); it is not
 * fsynced. Strings are cut at 4,000 characters and lists at 1,000 entries so one event cannot make
 * a huge line.
 *
 * <p>{@link #onEvent} throws {@link dev.porch.core.error.StatusFileException} if the file cannot be
 * written (the engine reports that as a problem and goes on), and {@link IllegalStateException}
 * after {@link #close()}.
 */
public interface EventLog extends EventListener, AutoCloseable {
  /**
   * The log file.
   *
   * @return {@code <repo>/.agent-status/events.ndjson}, absolute
   */
  Path file();

  /** Closes the file; idempotent, never throws. */
  @Override
  void close();
}
