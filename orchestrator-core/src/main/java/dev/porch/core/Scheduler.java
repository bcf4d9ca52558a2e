package dev.porch.core;

import dev.porch.core.internal.engine.ThreadScheduler;
import java.time.Duration;

/**
 * Where the engine runs its work and its timers: the only source of threads and of waiting in
 * core. The engine never sleeps; it schedules a callback. Tests pass a manual scheduler that runs
 * callbacks when the test advances a fake clock, which makes every run deterministic.
 *
 * <p><b>Contract.</b> Both methods are thread-safe and return at once. {@link #execute} runs its
 * task soon, on any thread; {@link #schedule} runs it once, after at least {@code delay} on the
 * scheduler's clock. A task that throws must not stop the scheduler. After {@link #close()} new
 * tasks may be dropped silently.
 *
 * <pre>{@code
 * try (Scheduler s = Scheduler.threads("porch-")) {
 *   Scheduler.Cancellable t = s.schedule(() -> retry(), Duration.ofSeconds(30));
 *   t.cancel();
 * }
 * }</pre>
 */
public interface Scheduler extends AutoCloseable {
  /**
   * Runs {@code task} once after {@code delay}.
   *
   * @param task what to run
   * @param delay how long to wait first; zero or negative means now
   * @return a handle that cancels the task if it has not started
   */
  Cancellable schedule(Runnable task, Duration delay);

  /**
   * Runs {@code task} soon, possibly at the same time as other tasks.
   *
   * @param task what to run
   */
  void execute(Runnable task);

  /** Stops the scheduler's threads, waiting a bounded time for running tasks; the default does nothing. */
  @Override
  default void close() {}

  /**
   * A scheduler over a pool of named daemon threads ({@code <prefix>worker-N} and {@code
   * <prefix>timer}) that grows as needed and stops in {@link #close()}.
   *
   * @param threadNamePrefix prefix of every thread's name, e.g. {@code porch-}
   * @return a new scheduler; close it when done
   */
  static Scheduler threads(String threadNamePrefix) {
    return new ThreadScheduler(threadNamePrefix);
  }

  /** A scheduled task that may still be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    /**
     * Cancels the task if it has not started; idempotent.
     *
     * @return true when this call stopped it from running
     */
    boolean cancel();
  }
}
