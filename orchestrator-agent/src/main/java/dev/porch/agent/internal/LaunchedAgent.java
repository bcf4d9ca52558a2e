package dev.porch.agent.internal;

import dev.porch.core.TaskName;
import dev.porch.core.port.AgentActivity;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

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
  private final ProcessTree tree;
  private final ScheduledExecutorService scheduler;
  private final Executor workers;
  private final CompletableFuture<AgentOutcome> outcome = new CompletableFuture<>();
  private final AtomicReference<Stop> stop = new AtomicReference<>();
  private volatile AgentOutput output;
  private volatile ScheduledFuture<?> timeout;

  /**
   * @param task the task
   * @param process the started process
   * @param startNanos {@link System#nanoTime()} just before it started
   * @param tree stops the process tree
   * @param scheduler for the timeout and the drain wait
   * @param workers where completions scheduled on the timer are handed off to
   */
  public LaunchedAgent(TaskName task, Process process, long startNanos,
      ProcessTree tree, ScheduledExecutorService scheduler, Executor workers) {
    this.task = task;
    this.process = process;
    this.startNanos = startNanos;
    this.tree = tree;
    this.scheduler = scheduler;
    this.workers = workers;
    this.started = process.info().startInstant();
  }

  /**
   * Connects the reader of the agent's output (before {@link #watch}).
   *
   * @param reader the output's reader: tail, activity, rate limits, login failures
   */
  public void read(AgentOutput reader) {
    this.output = reader;
  }

  /** Stops the agent because it cannot log in (called on its pump thread by {@link AgentOutput}). */
  public void loginFailed(String reason) {
    stop(AgentOutcome.Kind.LOGIN_FAILED, reason);
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
    AgentOutput out = output;
    List<String> lines = out.tail(OUTCOME_TAIL);
    Stop s = stop.get();
    if (s == null && code != 0 && out.loginFailure().isPresent()) {
      // It printed why it could not log in and exited before the stop reached it.
      s = new Stop(AgentOutcome.Kind.LOGIN_FAILED, out.loginFailure().get());
    }
    AgentOutcome o;
    if (s != null) {
      o = AgentOutcome.stopped(task, s.kind(), s.reason(), took, lines);
    } else if (code == 0) {
      o = AgentOutcome.exited(task, code, took, lines);
    } else {
      String why = "agent exited with code " + code + out.firstError().map(e -> ": " + e).orElse("");
      o = new AgentOutcome(task, AgentOutcome.Kind.EXITED, OptionalInt.of(code), out.rateLimited(), took,
          Optional.of(why), lines);
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
    return output.tail(lines);
  }

  @Override
  public Optional<AgentActivity> activity() {
    return output.activity();
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
