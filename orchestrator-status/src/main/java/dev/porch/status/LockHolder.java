package dev.porch.status;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Who holds (or last held) a {@link RepositoryLock}: the record {@code .agent-status/.lock} keeps so
 * that a waiter can name the holder and a newcomer can tell a stale lock.
 *
 * @param pid the holder's process id
 * @param started when that process started, when the OS said
 * @param host the holder's host name
 */
public record LockHolder(long pid, Optional<Instant> started, String host) {
  /** Checks that no part is null. */
  public LockHolder {
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(host, "host");
  }

  @Override
  public String toString() {
    return "process " + pid + " on " + host + started.map(s -> " (started " + s + ")").orElse("");
  }
}
