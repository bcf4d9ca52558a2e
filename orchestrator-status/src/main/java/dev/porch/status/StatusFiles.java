package dev.porch.status;

import dev.porch.core.error.StatusFileException;
import dev.porch.core.port.StatusStore;
import dev.porch.status.internal.EventLogReader;
import dev.porch.status.internal.EventLogWriter;
import dev.porch.status.internal.FileRepositoryLock;
import dev.porch.status.internal.FileStatusStore;
import dev.porch.status.internal.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * The entry point of the status adapter: the seed protocol's {@code .agent-status/<task>.json}
 * files as a {@link StatusStore}, the {@code events.ndjson} log, and the repository lock.
 *
 * <p>The store reads what the seed's PowerShell writes (UTF-8 with a BOM, UTF-16, CRLF, a single
 * string for a one-element {@code files_changed}, {@code /Date(...)/} dates) and writes files the
 * seed's {@code ConvertFrom-Json} reads, atomically, keeping fields other tools added. A status whose
 * task, branch or worktree points outside {@code .worktrees/} is refused with {@link
 * dev.porch.core.error.TamperedStatusException}. The format and every rule are in {@code
 * docs/status-files.md}; the JSON Schema is the resource {@code dev/porch/status/agent-status.schema.json}.
 *
 * <pre>{@code
 * StatusStore store = StatusFiles.open(repo);
 * store.write(AgentStatus.pending(TaskName.of("auth-1"), "feature/auth-1", ".worktrees/auth-1"));
 * try (EventLog log = StatusFiles.eventLog(repo)) {
 *   Orchestrator o = Orchestrator.builder().statusStore(store).listener(log)...;
 * }
 * }</pre>
 *
 * <p>Thread-safe; every method may block on disk.
 */
public final class StatusFiles {
  /** The status folder, relative to the repository root. */
  public static final String FOLDER = FileStatusStore.FOLDER;
  /** The event log's file name inside {@link #FOLDER}. */
  public static final String EVENTS = EventLogWriter.FILE_NAME;
  /** The default limit on a status file's size: 1 MiB. */
  public static final long DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

  private StatusFiles() {}

  /**
   * A store with default settings over {@code <repoRoot>/.agent-status}, created on the first write.
   *
   * @param repoRoot the repository's root folder
   * @return the store
   * @throws NullPointerException if {@code repoRoot} is null
   */
  public static StatusStore open(Path repoRoot) {
    return builder(repoRoot).build();
  }

  /**
   * A builder for a store with non-default settings.
   *
   * @param repoRoot the repository's root folder
   * @return a builder
   * @throws NullPointerException if {@code repoRoot} is null
   */
  public static Builder builder(Path repoRoot) {
    return new Builder(Objects.requireNonNull(repoRoot, "repoRoot"));
  }

  /**
   * An event log appending to {@code <repoRoot>/.agent-status/events.ndjson} (created on the first
   * event). Close it when the run ends.
   *
   * @param repoRoot the repository's root folder
   * @return the listener
   * @throws NullPointerException if {@code repoRoot} is null
   */
  public static EventLog eventLog(Path repoRoot) {
    return new EventLogWriter(Objects.requireNonNull(repoRoot, "repoRoot").resolve(FOLDER).resolve(EVENTS));
  }

  /**
   * Every event in {@code events.ndjson}, oldest first. Lines that are not a valid event (a line cut
   * short by a crash, a hand edit) are skipped.
   *
   * @param repoRoot the repository's root folder
   * @return the events; empty when there is no log
   * @throws StatusFileException if the log exists but cannot be read
   */
  public static List<EventRecord> readEvents(Path repoRoot) {
    return EventLogReader.readAll(Objects.requireNonNull(repoRoot, "repoRoot").resolve(FOLDER).resolve(EVENTS));
  }

  /**
   * The last {@code count} events of {@code events.ndjson}, oldest first, reading only the end of
   * the file. Invalid lines are skipped as in {@link #readEvents(Path)}.
   *
   * @param repoRoot the repository's root folder
   * @param count how many, at least 0
   * @return at most {@code count} events
   * @throws IllegalArgumentException if {@code count} is negative
   * @throws StatusFileException if the log exists but cannot be read
   */
  public static List<EventRecord> readEvents(Path repoRoot, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be 0 or more, got " + count);
    }
    return EventLogReader.readLast(Objects.requireNonNull(repoRoot, "repoRoot").resolve(FOLDER).resolve(EVENTS), count);
  }

  /**
   * Takes the repository lock ({@code <repoRoot>/.agent-status/.lock}), waiting at most {@code
   * wait}. Within one JVM, a second caller waits like another process would.
   *
   * @param repoRoot the repository's root folder
   * @param wait the longest to wait; zero tries once
   * @return the held lock; close it to release
   * @throws RepositoryLockedException if another holder still has it after {@code wait}; it names
   *     the holder's pid
   * @throws StatusFileException if the lock file cannot be created or locked
   * @throws IllegalArgumentException if {@code wait} is negative
   */
  public static RepositoryLock lock(Path repoRoot, Duration wait) {
    Objects.requireNonNull(repoRoot, "repoRoot");
    Objects.requireNonNull(wait, "wait");
    if (wait.isNegative()) {
      throw new IllegalArgumentException("wait must not be negative, got " + wait);
    }
    return FileRepositoryLock.acquire(repoRoot.toAbsolutePath().resolve(FOLDER), wait);
  }

  /**
   * Settings for a store. Each setter may be called once; {@link #build()} fills in the rest.
   *
   * <pre>{@code
   * StatusStore store = StatusFiles.builder(repo).forcePolling(true).pollInterval(Duration.ofMillis(50)).build();
   * }</pre>
   */
  public static final class Builder {
    private final Path repoRoot;
    private Duration pollInterval;
    private Boolean forcePolling;
    private Long maxFileSize;
    private Duration lockTimeout;
    private ZoneId localZone;

    private Builder(Path repoRoot) {
      this.repoRoot = repoRoot;
    }

    /**
     * How often a watch looks at the folder when it polls (no native file events, or {@link
     * #forcePolling}). Default 100 ms.
     *
     * @param interval between 1 ms and 10 s
     * @return this builder
     * @throws NullPointerException if {@code interval} is null
     * @throws IllegalArgumentException if it is out of range
     * @throws IllegalStateException if already set
     */
    public Builder pollInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      once(pollInterval, "pollInterval");
      if (interval.compareTo(Duration.ofMillis(1)) < 0 || interval.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new IllegalArgumentException("pollInterval must be between 1 ms and 10 s, got " + interval);
      }
      this.pollInterval = interval;
      return this;
    }

    /**
     * Whether watches poll even where the OS offers file events (for network file systems that
     * drop them, and for tests). Default false.
     *
     * @param poll true to always poll
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder forcePolling(boolean poll) {
      once(forcePolling, "forcePolling");
      this.forcePolling = poll;
      return this;
    }

    /**
     * The largest status file read; larger ones are reported as problems unread. Default 1 MiB.
     *
     * @param bytes between 1 KiB and 64 MiB
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder maxFileSize(long bytes) {
      once(maxFileSize, "maxFileSize");
      if (bytes < 1024 || bytes > 64L * 1024 * 1024) {
        throw new IllegalArgumentException("maxFileSize must be between 1 KiB and 64 MiB, got " + bytes);
      }
      this.maxFileSize = bytes;
      return this;
    }

    /**
     * The longest a write, update or delete waits for another writer of the same task (in any
     * process). Default 30 s.
     *
     * @param timeout between 1 ms and 10 minutes
     * @return this builder
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder lockTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      once(lockTimeout, "lockTimeout");
      if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("lockTimeout must be between 1 ms and 10 minutes, got " + timeout);
      }
      this.lockTimeout = timeout;
      return this;
    }

    /**
     * The zone for date-times a file gives without an offset (PowerShell's {@code Get-Date -Format
     * s} writes local time). Default: the system's zone.
     *
     * @param zone the zone
     * @return this builder
     * @throws NullPointerException if {@code zone} is null
     * @throws IllegalStateException if already set
     */
    public Builder localZone(ZoneId zone) {
      Objects.requireNonNull(zone, "zone");
      once(localZone, "localZone");
      this.localZone = zone;
      return this;
    }

    /**
     * The store. Creates nothing on disk.
     *
     * @return a thread-safe store
     */
    public StatusStore build() {
      return new FileStatusStore(
          repoRoot,
          new Settings(
              pollInterval != null ? pollInterval : Duration.ofMillis(100),
              forcePolling != null && forcePolling,
              maxFileSize != null ? maxFileSize : DEFAULT_MAX_FILE_SIZE,
              lockTimeout != null ? lockTimeout : Duration.ofSeconds(30),
              localZone != null ? localZone : ZoneId.systemDefault()));
    }

    private static void once(Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set");
      }
    }
  }
}
