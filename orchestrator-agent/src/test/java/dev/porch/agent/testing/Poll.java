package dev.porch.agent.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that no future can signal (another process writing a file or a line), with a
 * bounded timeout. Never a fixed sleep: it returns as soon as the condition holds.
 */
public final class Poll {
  private Poll() {}

  /**
   * Waits until {@code condition} holds.
   *
   * @param what the condition in words, for the failure message
   * @param timeout the longest wait
   * @param condition the condition
   * @throws AssertionError if it does not hold in time
   */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }
}
