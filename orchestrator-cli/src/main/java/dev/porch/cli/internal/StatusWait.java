package dev.porch.cli.internal;

import dev.porch.core.port.StatusChange;
import dev.porch.core.port.StatusStore;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waiting on status files the way {@code status --watch} and {@code recover --wait} do: on the store's change events. */
public final class StatusWait {
  private StatusWait() {}

  /**
   * Reads once, then again after every change the store reports, handing each reading to {@code
   * seen}, until {@code done} holds or {@code limit} passes.
   *
   * @param limit how long at most; null for no limit
   * @return the last reading
   */
  public static <T> T until(StatusStore store, Duration limit, Supplier<T> read, Predicate<T> done, Consumer<T> seen)
      throws InterruptedException {
    return until(store, limit, read, done, seen, false);
  }

  /**
   * Like {@link #until(StatusStore, Duration, Supplier, Predicate, Consumer)}; with {@code
   * everySecond} it also reads again each second without a change, so elapsed times shown on a
   * terminal keep counting.
   */
  public static <T> T until(StatusStore store, Duration limit, Supplier<T> read, Predicate<T> done, Consumer<T> seen,
      boolean everySecond) throws InterruptedException {
    BlockingQueue<StatusChange> changes = new LinkedBlockingQueue<>();
    long deadline = limit == null ? 0 : System.nanoTime() + limit.toNanos();
    try (StatusStore.Subscription sub = store.watch(changes::add)) {
      T reading = read.get();
      seen.accept(reading);
      while (!done.test(reading)) {
        long left = limit == null ? Long.MAX_VALUE : deadline - System.nanoTime();
        if (left <= 0) {
          return reading;
        }
        // wake at least every second to check the deadline
        if (changes.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS) == null && !everySecond) {
          continue;
        }
        changes.clear();
        reading = read.get();
        seen.accept(reading);
      }
      return reading;
    }
  }
}
