package dev.porch.status;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An exclusive lock on one repository's porch state, held by one process (and one holder within
 * it) at a time: an OS file lock on {@code .agent-status/.lock}. Get one from {@link
 * StatusFiles#lock}; the kernel releases it if the holder dies.
 *
 * <p>While held, the file records the holder's pid, process start time and host name, so a waiter
 * that times out can say who holds it, and the next holder after a crash can say whose stale lock
 * it took over. {@link #close()} clears the record and releases the lock; it may be called from any
 * thread, more than once, and never throws.
 *
 * <pre>{@code
 * try (RepositoryLock lock = StatusFiles.lock(repo, Duration.ofSeconds(10))) {
 *   // spawn, merge, clean up...
 * }
 * }</pre>
 */
public interface RepositoryLock extends AutoCloseable {
  /**
   * The lock file.
   *
   * @return {@code <repo>/.agent-status/.lock}, absolute
   */
  Path file();

  /**
   * The holder whose record was still in the file when this lock was taken: a process that ended
   * without releasing it (killed or crashed). Empty after a clean release.
   *
   * @return the stale holder, if any
   */
  Optional<LockHolder> tookOverFrom();

  /** Releases the lock; idempotent, never throws. */
  @Override
  void close();
}
