package dev.porch.agent.internal;

import dev.porch.core.AgentHandle;
import dev.porch.core.AgentOutcome;
import dev.porch.core.TaskName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * A handle on an agent process this launcher started. Its outcome completes once the process has
 * exited and its output is drained (or, when a leftover grandchild keeps the pipe open, shortly
 * after the exit).
 */
public final class LaunchedAgent implements AgentHandle {
  /** How long to wait for the output to end after the process exited. */
  static final Duration DRAIN_WAIT = Duration.ofMillis(500);
  /** Lines of output kept for {@link #logTail} and the outcome. */
  public static final int TAIL_LINES = 200;
  private static final int OUTCOME_TAIL = 20;

  private record Stop(AgentOutcome.Kind kind, String reason) {}

  private final TaskName task;
  private final Process process;
  private final Optional<Instant> started;
  private final long startNanos;
  private final List<Pattern> rateLimits;
  private final ProcessTree tree;
  private final ScheduledExecutorService scheduler;
  private final Executor workers;
  private final LineTail tail = new LineTail(TAIL_LINES);
  private final CompletableFuture<AgentOutcome> outcome = new CompletableFuture<>();
  private final AtomicReference<Stop> stop = new AtomicReference<>();
  private volatile boolean rateLimitSeen;
  private volatile ScheduledFuture<?> timeout;

  /**
   * @param task the task
   * @param process the started process
   * @param startNanos {@link System#nanoTime()} just before it started
   * @param rateLimits patterns whose match in the output means "rate limited"
   * @param tree stops the process tree
   * @param scheduler for the timeout and the drain wait
   * @param workers where completions scheduled on the timer are handed off to
   */
  public LaunchedAgent(TaskName task, Process process, long startNanos, List<Pattern> rateLimits,
      ProcessTree tree, ScheduledExecutorService scheduler, Executor workers) {
    this.task = task;
    this.process = process;
    this.startNanos = startNanos;
    this.rateLimits = rateLimits;
    this.tree = tree;
    this.scheduler = scheduler;
    this.workers = workers;
    this.started = process.info().startInstant();
  }

  /** Receives one line of the agent's output (called on its pump thread). */
  public void line(String line) {
    tail.add(line);
    if (!rateLimitSeen) {
      for (Pattern p : rateLimits) {
        if (p.matcher(line).find()) {
          rateLimitSeen = true;
          break;
        }
      }
    }
  }

  /**
   * Starts watching: the outcome completes when the process has exited and {@code drained} is done.
   *
   * @param drained completes when the output has ended
   * @param limit the request's timeout, if any
   */
  public void watch(CompletableFuture<Void> drained, Optional<Duration> limit) {
    limit.ifPresent(d -> {
      try {
        timeout = scheduler.schedule(
            () -> stop(AgentOutcome.Kind.TIMED_OUT, "timed out after " + d), d.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closing) {
        stop(AgentOutcome.Kind.CANCELLED, "the launcher was closed");
      }
    });
    process.onExit().thenRun(() -> exited(drained));
  }

  private void exited(CompletableFuture<Void> drained) {
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    int code = process.exitValue();
    if (drained.isDone()) {
      finish(code, took);
      return;
    }
    drained.thenRun(() -> finish(code, took));
    try {
      scheduler.schedule(() -> workers.execute(() -> finish(code, took)),
          DRAIN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      finish(code, took);
    }
  }

  private void finish(int code, Duration took) {
    if (outcome.isDone()) {
      return;
    }
    ScheduledFuture<?> t = timeout;
    if (t != null) {
      t.cancel(false);
    }
    List<String> lines = tail.last(OUTCOME_TAIL);
    Stop s = stop.get();
    AgentOutcome o;
    if (s != null) {
      o = AgentOutcome.stopped(task, s.kind(), s.reason(), took, lines);
    } else {
      o = AgentOutcome.exited(task, code, took, lines);
      if (code != 0 && rateLimitSeen) {
        o = o.asRateLimited();
      }
    }
    outcome.complete(o);
  }

  private void stop(AgentOutcome.Kind kind, String reason) {
    if (outcome.isDone() || !process.isAlive()) {
      return;
    }
    if (stop.compareAndSet(null, new Stop(kind, reason))) {
      tree.stop(process.toHandle());
    }
  }

  @Override
  public TaskName task() {
    return task;
  }

  @Override
  public CompletableFuture<AgentOutcome> outcome() {
    return outcome;
  }

  @Override
  public void cancel(String reason) {
    stop(AgentOutcome.Kind.CANCELLED, reason == null ? "cancelled" : reason);
  }

  @Override
  public OptionalLong pid() {
    return OptionalLong.of(process.pid());
  }

  @Override
  public Optional<Instant> processStarted() {
    return started;
  }

  @Override
  public List<String> logTail(int lines) {
    return tail.last(lines);
  }

  /** Kills the process tree at once (used when the launcher closes and the grace has passed). */
  public void kill() {
    ProcessTree.kill(process.toHandle(), List.of());
  }

  @Override
  public String toString() {
    return "agent " + task + " (pid " + process.pid() + ")";
  }
}
