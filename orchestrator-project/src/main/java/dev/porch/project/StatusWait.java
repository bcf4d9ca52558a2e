package dev.porch.project;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.error.StatusFileException;
import dev.porch.core.port.StatusChange;
import dev.porch.core.port.StatusStore;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /**
   * Waits, on the store's change events, until every one of {@code tasks} has {@code settled}
   * (e.g. none is RUNNING any more, or each is COMPLETE or FAILED), or {@code limit} passes.
   *
   * @param store the status store
   * @param tasks the tasks to wait for
   * @param limit how long at most; null for no limit
   * @param settled when a task's state counts as settled
   * @param seen each reading, as it comes (e.g. for progress); may be a no-op
   * @return each task's status then, in the order given; empty for a file gone or unreadable (which
   *     counts as settled: there is nothing more to wait for)
   * @throws InterruptedException if interrupted while waiting
   */
  public static Map<TaskName, Optional<AgentStatus>> tasks(StatusStore store, List<TaskName> tasks, Duration limit,
      Predicate<AgentState> settled, Consumer<Map<TaskName, Optional<AgentStatus>>> seen) throws InterruptedException {
    List<TaskName> wanted = List.copyOf(tasks);
    return until(store, limit, () -> {
      Map<TaskName, Optional<AgentStatus>> now = new LinkedHashMap<>();
      for (TaskName t : wanted) {
        Optional<AgentStatus> s;
        try {
          s = store.read(t);
        } catch (StatusFileException e) {
          s = Optional.empty();
        }
        now.put(t, s);
      }
      return Collections.unmodifiableMap(now);
    }, now -> now.values().stream().allMatch(s -> s.map(x -> settled.test(x.status())).orElse(true)), seen);
  }
}
