package dev.porch.core.internal.engine;

import dev.porch.core.Scheduler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real {@link Scheduler}: one timer thread hands due tasks to a pool of worker threads that
 * grows as needed (evaluations block for minutes, so a fixed pool could starve the engine) and
 * shrinks when idle. All threads are named daemons; {@link #close()} stops them.
 */
public final class ThreadScheduler implements Scheduler {
  private static final long CLOSE_WAIT_SECONDS = 10;
  private final ScheduledThreadPoolExecutor timer;
  private final ThreadPoolExecutor workers;
  /** Every thread made, so close() can wait until each has really ended, not just left its pool. */
  private final java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** A scheduler whose threads' names start with {@code prefix}. */
  public ThreadScheduler(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    timer = new ScheduledThreadPoolExecutor(1, factory(prefix + "timer"), new ThreadPoolExecutor.DiscardPolicy());
    timer.setRemoveOnCancelPolicy(true);
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 2, TimeUnit.SECONDS, new SynchronousQueue<>(),
        factory(prefix + "worker-"), new ThreadPoolExecutor.DiscardPolicy());
  }

  private ThreadFactory factory(String name) {
    AtomicInteger n = new AtomicInteger();
    boolean numbered = name.endsWith("-");
    return r -> {
      Thread t = new Thread(r, numbered ? name + n.incrementAndGet() : name);
      t.setDaemon(true);
      threads.removeIf(old -> old.getState() == Thread.State.TERMINATED);
      threads.add(t);
      return t;
    };
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    Objects.requireNonNull(task, "task");
    if (delay.isZero() || delay.isNegative()) {
      execute(task);
      return () -> false;
    }
    ScheduledFuture<?> f = timer.schedule(() -> execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void execute(Runnable task) {
    Objects.requireNonNull(task, "task");
    workers.execute(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        // a task's failure must not kill a worker; the engine reports its own failures as events
      }
    });
  }

  @Override
  public void close() {
    timer.shutdownNow();
    workers.shutdown();
    try {
      timer.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
      if (!workers.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
      // a pool reports termination when its workers leave their loop, a moment before they die
      for (Thread t : threads) {
        if (t != Thread.currentThread()) {
          t.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
        }
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Stops accepting work without waiting; for closing from one of this scheduler's own threads. */
  public void shutdown() {
    timer.shutdownNow();
    workers.shutdown();
  }

  /** Whether every thread has stopped after a shutdown. */
  public boolean isTerminated() {
    return timer.isTerminated() && workers.isTerminated();
  }
}
