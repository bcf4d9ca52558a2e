package dev.porch.core.testing;

import dev.porch.core.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * A deterministic {@link Scheduler}: nothing runs until the test calls {@link #runUntilIdle()},
 * {@link #advance(Duration)} or {@link #drive(CompletableFuture)}; tasks run on the calling thread
 * in due-time order (then submission order), and delays are measured on a {@link ManualClock}.
 */
public final class ManualScheduler implements Scheduler {
  private final ManualClock clock;
  private final PriorityQueue<Job> queue = new PriorityQueue<>();
  private long seq;
  private int executed;

  private record Job(Instant due, long seq, Runnable task, boolean[] cancelled) implements Comparable<Job> {
    @Override
    public int compareTo(Job o) {
      int c = due.compareTo(o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  public ManualScheduler(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, Duration delay) {
    Instant due = delay.isNegative() ? clock.instant() : clock.instant().plus(delay);
    boolean[] cancelled = {false};
    Job job = new Job(due, seq++, task, cancelled);
    queue.add(job);
    return () -> {
      synchronized (ManualScheduler.this) {
        boolean was = !cancelled[0] && queue.remove(job);
        cancelled[0] = true;
        return was;
      }
    };
  }

  @Override
  public void execute(Runnable task) {
    schedule(task, Duration.ZERO);
  }

  private synchronized Job nextDue(Instant limit) {
    Job j = queue.peek();
    if (j == null || j.due().isAfter(limit)) {
      return null;
    }
    return queue.poll();
  }

  /** Runs every task due now, including ones they submit, until none is left. */
  public void runUntilIdle() {
    Job j;
    while ((j = nextDue(clock.instant())) != null) {
      executed++;
      j.task().run();
    }
  }

  /** Moves the clock forward by {@code d}, running each task when its time comes. */
  public void advance(Duration d) {
    Instant end = clock.instant().plus(d);
    runUntilIdle();
    Job j;
    while ((j = nextDue(end)) != null) {
      clock.moveTo(j.due());
      executed++;
      j.task().run();
      runUntilIdle();
    }
    clock.moveTo(end);
    runUntilIdle();
  }

  /** The time of the next scheduled task, if any. */
  public synchronized java.util.Optional<Instant> nextDueTime() {
    return java.util.Optional.ofNullable(queue.peek()).map(Job::due);
  }

  /**
   * Runs tasks, jumping the clock to each next timer, until {@code f} is done.
   *
   * @return {@code f}'s value
   * @throws AssertionError if nothing is left to run and {@code f} is still not done
   */
  public <T> T drive(CompletableFuture<T> f) {
    for (int i = 0; i < 100_000 && !f.isDone(); i++) {
      runUntilIdle();
      if (f.isDone()) {
        break;
      }
      java.util.Optional<Instant> next = nextDueTime();
      if (next.isEmpty()) {
        throw new AssertionError("the run is stuck: nothing scheduled and the future is not done");
      }
      clock.moveTo(next.get());
    }
    return f.join();
  }

  /** How many tasks have run. */
  public int executed() {
    return executed;
  }

  /** How many tasks wait. */
  public synchronized int pending() {
    return queue.size();
  }
}
