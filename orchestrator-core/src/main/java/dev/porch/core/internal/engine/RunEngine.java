package dev.porch.core.internal.engine;

import com.google.common.util.concurrent.MoreExecutors;
import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.Plan;
import dev.porch.core.RunOptions;
import dev.porch.core.RunRequest;
import dev.porch.core.RunResult;
import dev.porch.core.Scheduler;
import dev.porch.core.TaskName;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.pattern.OrchestrationPattern;
import dev.porch.core.pattern.PatternAction;
import dev.porch.core.pattern.RunView;
import dev.porch.core.port.AgentActivity;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.ConflictMatrix;
import dev.porch.core.port.StatusStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Runs one plan: an actor whose state is touched only on a serial executor over the run's
 * scheduler. Port calls that block for long (making workspaces, evaluating, merging) run on the
 * scheduler's other threads and post their results back. Every change ends in {@link
 * #afterChange()}: start what can start, tell the pattern, finish when every task is done.
 *
 * <p>The actor decides; it does not wait on disks. What touches one task's files (its status
 * writes with their fsync, its launch, reading what its agent left) runs on the task's lane, in
 * the order the actor queued it, and the task's events are posted from there once the write
 * before them has landed: a listener that hears RUNNING finds RUNNING in the status file. With 16
 * agents on 2 cores this took the time from an agent's exit being known to the engine handling it
 * from 1.4 - 1.7 s (median) to 3 - 5 ms (docs/reliability.md, "Load").
 */
public final class RunEngine {
  final EngineContext ctx;
  final OrchestrationPattern pattern;
  final RunRequest request;
  final RunOptions options;
  final Plan plan;
  final String runId;
  final Scheduler scheduler;
  final EventBus bus;
  final Map<TaskName, TaskRun> tasks = new LinkedHashMap<>();
  private final Executor actor;
  private final boolean reuse;
  private final Instant startedAt;
  private final Preparer preparer;
  final AgentEnds ends;
  final TaskStarter starter;
  private final CompletableFuture<RunResult> result = new CompletableFuture<>();
  private volatile RunSnapshot latest;
  private volatile ConflictMatrix conflicts;
  int running;
  boolean changed;
  private Scheduler.Cancellable runTimer;
  private Scheduler.Cancellable progressTimer;
  private StatusStore.Subscription watch;
  private boolean stopping;
  private boolean cancelled;
  private boolean finishing;

  public RunEngine(EngineContext ctx, OrchestrationPattern pattern, RunRequest request, Plan plan, String runId,
      boolean reuse) {
    this.ctx = ctx;
    this.pattern = pattern;
    this.request = request;
    this.options = request.options();
    this.plan = plan;
    this.runId = runId;
    this.reuse = reuse;
    this.scheduler = ctx.schedulers().get();
    this.bus = new EventBus(runId, ctx.clock(), ctx.listeners(), scheduler);
    this.actor = MoreExecutors.newSequentialExecutor(scheduler::execute);
    this.startedAt = ctx.clock().instant();
    this.preparer = new Preparer(ctx);
    this.ends = new AgentEnds(this);
    this.starter = new TaskStarter(this);
    plan.topologicalOrder().forEach(s -> tasks.put(s.name(),
        new TaskRun(s, MoreExecutors.newSequentialExecutor(scheduler::execute))));
    this.latest = snapshot();
  }

  /** Starts the run; returns at once. */
  public void start() {
    onActor(this::begin);
  }

  public String runId() {
    return runId;
  }

  /** Completes when the run has ended and every event has been delivered. */
  public CompletableFuture<RunResult> result() {
    return result;
  }

  /** The run now. */
  public RunView view() {
    RunSnapshot s = latest;
    ConflictMatrix m = conflicts;
    return (m == null ? s : s.withConflicts(m)).at(ctx.clock().instant());
  }

  /** Stops every agent and merges nothing. */
  public void cancel(String reason) {
    onActor(() -> {
      if (!finishing && !cancelled) {
        cancelled = true;
        stopAll(reason);
      }
    });
  }

  /** The run's scheduler, when the run owns it (to close it with the orchestrator). */
  public Optional<Scheduler> ownScheduler() {
    return ctx.sharedScheduler() ? Optional.empty() : Optional.of(scheduler);
  }

  Instant now() {
    return ctx.clock().instant();
  }

  /** Runs {@code r} on the run's serial executor, then reacts to what changed. Never lets an exception escape. */
  void onActor(Runnable r) {
    actor.execute(() -> {
      try {
        r.run();
        afterChange();
      } catch (RuntimeException e) {
        bus.problem(Optional.empty(), "engine", e);
      } finally {
        latest = snapshot();
      }
    });
  }

  private void begin() {
    bus.post(new OrchestrationEvent.RunStarted(runId, now(), pattern.name(), plan.names()));
    try {
      watch = ctx.statuses().watch(c -> onActor(() -> ends.onStatusChange(c)));
    } catch (RuntimeException e) {
      bus.problem(Optional.empty(), "watch", e);
    }
    options.runTimeout().ifPresent(d -> runTimer = scheduler.schedule(() -> onActor(() -> {
      if (!finishing) {
        bus.problem(Optional.empty(), "run-timeout", "the run took longer than " + d + "; stopping every agent");
        stopAll("the run timed out after " + d);
      }
    }), d));
    options.progressInterval().ifPresent(this::tick);
    Map<TaskName, Optional<String>> bases = new LinkedHashMap<>();
    for (TaskRun t : tasks.values()) {
      if (t.spec.startFrom().isEmpty()) {
        bases.put(t.spec.name(), t.spec.base().or(request::baseBranch));
        t.phase = TaskRun.Phase.CREATING;
      }
    }
    prepare(bases);
  }

  /** Reports every running agent's progress every {@code interval} until the run finishes. */
  private void tick(Duration interval) {
    progressTimer = scheduler.schedule(() -> onActor(() -> {
      if (finishing) {
        return;
      }
      for (TaskRun t : tasks.values()) {
        if (t.phase == TaskRun.Phase.RUNNING && t.handle != null) {
          String last = "";
          try {
            List<String> tail = t.handle.logTail(1);
            last = tail.isEmpty() ? "" : tail.get(tail.size() - 1);
          } catch (RuntimeException e) {
            // the last line is decoration; a launcher that cannot tell it is not a problem
          }
          Optional<AgentActivity> activity = sample(t);
          Instant since = t.status.started().orElse(startedAt);
          String line = last;
          post(t, at -> new OrchestrationEvent.AgentProgress(runId, at, t.spec.name(), Duration.between(since, at), line,
              activity));
        }
      }
      tick(interval);
    }), interval);
  }

  /**
   * Reads what {@code t}'s agent is doing; when that changed, keeps it in the task's status and
   * queues it to the status file, unless the agent has already reported (its report wins).
   */
  Optional<AgentActivity> sample(TaskRun t) {
    Optional<AgentActivity> a;
    try {
      a = t.handle.activity();
    } catch (RuntimeException e) {
      return Optional.empty(); // decoration: a launcher that cannot tell is not a problem
    }
    if (a.isEmpty() || a.get().equals(t.activity)) {
      return a;
    }
    t.activity = a.get();
    t.status = StatusFacts.withActivity(t.status, t.activity);
    int attempt = t.attempt;
    AgentActivity seen = t.activity;
    t.lane.execute(() -> {
      try {
        ctx.statuses().update(t.spec.name(), s -> s.status() == AgentState.RUNNING && s.attempt() == attempt
            ? StatusFacts.withActivity(s, seen) : s);
      } catch (RuntimeException e) {
        bus.problem(Optional.of(t.spec.name()), "write-status", e);
      }
    });
    return a;
  }

  void prepare(Map<TaskName, Optional<String>> bases) {
    scheduler.execute(() -> {
      List<Preparer.Prepared> made = preparer.prepare(bases, reuse);
      onActor(() -> made.forEach(ends::adopt));
    });
  }

  /**
   * Makes {@code next} {@code t}'s status now, and queues on its lane the write to the store (when
   * it has a workspace) and, if the state changed, the event telling listeners.
   */
  void write(TaskRun t, AgentStatus status, Optional<String> reason) {
    AgentState from = t.status == null ? null : t.status.status();
    AgentStatus next = StatusFacts.withActivity(status, t.activity);
    t.status = next;
    changed = true;
    boolean store = t.persisted;
    t.lane.execute(() -> {
      if (store) {
        try {
          ctx.statuses().write(next);
        } catch (RuntimeException e) {
          bus.problem(Optional.of(next.task()), "write-status", e);
        }
      }
      if (from != next.status()) {
        bus.post(new OrchestrationEvent.StateChanged(runId, now(), next.task(), Optional.ofNullable(from),
            next.status(), reason));
      }
    });
  }

  /** Posts an event about {@code t} from its lane, after what was queued there before; stamped then. */
  void post(TaskRun t, Function<Instant, OrchestrationEvent> event) {
    t.lane.execute(() -> bus.post(event.apply(now())));
  }

  /** Ends a task that never ran: FAILED with {@code reason}. */
  void failUnstarted(TaskRun t, String reason) {
    t.cancelTimer();
    if (t.status == null) {
      AgentStatus unborn = StatusFacts.unborn(t.spec.name(), ctx.workspaces().defaultBranch(t.spec.name()),
          pattern.name(), runId, now());
      write(t, unborn.moveTo(AgentState.FAILED, now()).withError(reason), Optional.of(reason));
    } else {
      write(t, t.status.moveTo(AgentState.FAILED, now()).withError(reason), Optional.of(reason));
    }
    t.phase = TaskRun.Phase.DONE;
  }

  void block(TaskRun t, String reason) {
    AgentStatus s = t.status != null ? t.status
        : StatusFacts.unborn(t.spec.name(), ctx.workspaces().defaultBranch(t.spec.name()), pattern.name(), runId, now());
    write(t, s.moveTo(AgentState.BLOCKED, now()).withError(reason), Optional.of(reason));
    t.phase = TaskRun.Phase.DONE;
  }

  private void afterChange() {
    for (int i = 0; i < 5 && !finishing; i++) {
      if (!finishing && !stopping) {
        starter.pump();
      }
      if (!changed) {
        break;
      }
      progress();
    }
    maybeFinish();
  }

  /** Stops one task: cancels its agent, or fails it if it has not started. */
  void stop(TaskRun t, String reason) {
    switch (t.phase) {
      case RUNNING -> {
        if (t.stopReason == null) {
          t.stopReason = reason;
          if (t.handle == null) {
            return; // still being launched: cancelled as soon as the launch returns
          }
          try {
            t.handle.cancel(reason);
          } catch (RuntimeException e) {
            bus.problem(Optional.of(t.spec.name()), "cancel", e);
          }
        }
      }
      case WAITING, READY, RETRY_WAIT -> failUnstarted(t, reason);
      case CREATING -> t.stopReason = reason;
      default -> { }
    }
  }

  private void stopAll(String reason) {
    stopping = true;
    tasks.values().forEach(t -> stop(t, reason));
  }

  private void progress() {
    changed = false;
    List<PatternAction> actions;
    try {
      actions = pattern.onProgress(snapshot());
    } catch (RuntimeException e) {
      bus.problem(Optional.empty(), "on-progress", "pattern " + pattern.name() + " failed in onProgress: "
          + EventBus.describe(e));
      return;
    }
    for (PatternAction a : actions == null ? List.<PatternAction>of() : actions) {
      if (a instanceof PatternAction.Cancel c) {
        TaskRun t = tasks.get(c.task());
        if (t == null) {
          bus.problem(Optional.empty(), "on-progress", "pattern " + pattern.name() + " cancelled unknown task " + c.task());
        } else {
          stop(t, c.reason());
        }
      } else if (a instanceof PatternAction.DecideNow d) {
        stopAll(d.reason());
      }
    }
  }

  private void maybeFinish() {
    if (finishing || tasks.values().stream().anyMatch(t -> t.phase != TaskRun.Phase.DONE)) {
      return;
    }
    finishing = true;
    for (Scheduler.Cancellable c : new Scheduler.Cancellable[] {runTimer, progressTimer}) {
      if (c != null) {
        c.cancel();
      }
    }
    starter.cancelTimers();
    if (watch != null) {
      watch.close();
    }
    RunSnapshot view = snapshot();
    boolean wasCancelled = cancelled;
    // every status write and task event queued on a lane lands before the decision and the merges
    CompletableFuture<?>[] lanes = tasks.values().stream().map(t -> {
      CompletableFuture<Void> drained = new CompletableFuture<>();
      t.lane.execute(() -> drained.complete(null));
      return drained;
    }).toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(lanes).thenRun(() -> scheduler.execute(() -> {
      RunResult r = new Finisher(this, m -> conflicts = m).finish(view, wasCancelled);
      bus.post(new OrchestrationEvent.RunFinished(runId, now(), !wasCancelled
          && r.decision().verdict() != dev.porch.core.Decision.Verdict.NOTHING
          && r.merges().values().stream().allMatch(dev.porch.core.port.MergeResult::succeeded), r.decision().summary()));
      bus.afterDelivery(() -> {
        RunResult withProblems = new RunResult(r.runId(), r.decision(), r.merges(), r.statuses(), r.evaluations(),
            r.cleanup(), bus.problems(), r.cancelled(), r.elapsed());
        if (!ctx.sharedScheduler() && scheduler instanceof ThreadScheduler ts) {
          ts.shutdown();
        }
        result.complete(withProblems);
      });
    }));
  }

  RunSnapshot snapshot() {
    Map<TaskName, AgentStatus> statuses = new LinkedHashMap<>();
    Map<TaskName, dev.porch.core.port.Evaluation> evaluations = new LinkedHashMap<>();
    Map<TaskName, AgentOutcome> outcomes = new LinkedHashMap<>();
    for (TaskName n : plan.names()) {
      TaskRun t = tasks.get(n);
      if (t.status != null) {
        statuses.put(n, t.status);
      }
      if (t.evaluation != null) {
        evaluations.put(n, t.evaluation);
      }
      if (t.outcome != null) {
        outcomes.put(n, t.outcome);
      }
    }
    return new RunSnapshot(runId, request, plan, statuses, evaluations, outcomes, Optional.ofNullable(conflicts),
        startedAt, now());
  }
}
