package dev.porch.core.internal.engine;

import dev.porch.core.AgentState;
import dev.porch.core.Scheduler;
import dev.porch.core.TaskName;
import dev.porch.core.TaskSpec;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.AgentRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Starts what may start: fails or blocks tasks whose dependencies cannot complete, makes the
 * workspaces of tasks that start from a dependency once it is COMPLETE, and launches ready tasks in
 * dependency order under the concurrency limit and the stagger. Called only on the run's serial
 * executor.
 */
final class TaskStarter {
  private final RunEngine e;
  private Instant lastLaunch;
  private Scheduler.Cancellable staggerTimer;

  TaskStarter(RunEngine engine) {
    this.e = engine;
  }

  void cancelTimers() {
    if (staggerTimer != null) {
      staggerTimer.cancel();
    }
  }

  /** Fails or blocks tasks whose dependencies cannot complete, makes late workspaces, starts what may start. */
  void pump() {
    List<TaskRun> ready = new ArrayList<>();
    for (TaskRun t : e.tasks.values()) {
      if (t.phase != TaskRun.Phase.WAITING && t.phase != TaskRun.Phase.READY) {
        continue;
      }
      Optional<TaskName> failed = depIn(t, AgentState.FAILED);
      Optional<TaskName> blocked = depIn(t, AgentState.BLOCKED);
      if (failed.isPresent()) {
        e.failUnstarted(t, "dependency " + failed.get() + " failed");
      } else if (blocked.isPresent()) {
        e.block(t, "waiting for " + blocked.get() + ", which is BLOCKED");
      } else if (t.phase == TaskRun.Phase.WAITING) {
        TaskRun from = e.tasks.get(t.spec.startFrom().orElseThrow());
        if (from.status != null && from.status.status() == AgentState.COMPLETE) {
          t.phase = TaskRun.Phase.CREATING;
          e.prepare(Map.of(t.spec.name(), Optional.of(t.spec.base().orElse(from.status.branch()))));
        }
      } else if (t.spec.dependsOn().stream().allMatch(d -> e.tasks.get(d).status != null
          && e.tasks.get(d).status.status() == AgentState.COMPLETE)) {
        ready.add(t);
      }
    }
    for (TaskRun t : ready) {
      if (e.running >= e.options.concurrency()) {
        break;
      }
      if (!e.options.stagger().isZero() && lastLaunch != null) {
        Duration wait = Duration.between(e.now(), lastLaunch.plus(e.options.stagger()));
        if (!wait.isNegative() && !wait.isZero()) {
          if (staggerTimer == null) {
            staggerTimer = e.scheduler.schedule(() -> e.onActor(() -> staggerTimer = null), wait);
          }
          break;
        }
      }
      launch(t);
    }
  }

  private Optional<TaskName> depIn(TaskRun t, AgentState state) {
    return t.spec.dependsOn().stream()
        .filter(d -> e.tasks.get(d).phase == TaskRun.Phase.DONE && e.tasks.get(d).status.status() == state)
        .sorted().findFirst();
  }

  private void launch(TaskRun t) {
    TaskSpec spec = t.spec;
    String agent = spec.agent().orElse(e.request.agent());
    AgentRequest.Builder b = AgentRequest.builder().task(spec.name()).workspace(t.workspace)
        .instructions(spec.prompt()).agent(agent).role(spec.role()).pattern(e.pattern.name()).attempt(t.attempt)
        .timeout(spec.timeout().or(e.options::taskTimeout)).statusFile(e.ctx.statusFile(spec.name()))
        .putAllEnvironment(e.request.environment()).resumeSession(t.resumeSession)
        .previousAttempt(t.previousAttempt);
    t.activity = null; // a new attempt reports its own use
    // the status names the profile that runs this attempt (a launch into a spawned worktree had none)
    e.write(t, t.status.moveTo(AgentState.RUNNING, e.now()).withAgent(agent).withUsage(Optional.empty()),
        Optional.empty());
    lastLaunch = e.now();
    // The slot is taken now; the launch itself (a process start, file writes) runs on the task's
    // lane, after the RUNNING write (so the agent never races porch's own write of its status), and
    // off the actor, so that agents finishing meanwhile are not kept waiting behind it.
    t.phase = TaskRun.Phase.RUNNING;
    t.handle = null;
    e.running++;
    int attempt = t.attempt;
    AgentRequest request = b.build();
    t.lane.execute(() -> {
      AgentHandle h = null;
      RuntimeException failure = null;
      try {
        h = Objects.requireNonNull(e.ctx.launcher().launch(request), "the launcher returned no handle");
      } catch (RuntimeException ex) {
        failure = ex;
      }
      AgentHandle handle = h;
      RuntimeException why = failure;
      e.onActor(() -> launched(t, attempt, agent, handle, why));
    });
  }

  /** On the actor: the launch of {@code t}'s attempt {@code attempt} returned {@code h} or failed. */
  private void launched(TaskRun t, int attempt, String agent, AgentHandle h, RuntimeException failure) {
    TaskName name = t.spec.name();
    if (failure != null) {
      e.running--;
      e.bus.problem(Optional.of(name), "launch", failure);
      String why = "could not launch the agent: " + EventBus.describe(failure);
      e.write(t, t.status.moveTo(AgentState.FAILED, e.now()).withError(why), Optional.of(why));
      t.phase = TaskRun.Phase.DONE;
      return;
    }
    e.post(t, at -> new OrchestrationEvent.AgentStarted(e.runId, at, name, agent, attempt, h.pid()));
    if (h.pid().isPresent()) {
      long pid = h.pid().getAsLong();
      Instant started = h.processStarted().orElse(null);
      t.status = t.status.withProcess(pid, started);
      e.ends.recordProcess(t, pid, started);
    }
    track(t, h, attempt);
    if (t.stopReason != null) {
      h.cancel(t.stopReason); // stopped while it was being launched
    }
  }

  /** Tracks a started (or reattached) agent: slot, timeout, outcome. */
  void follow(TaskRun t, AgentHandle h) {
    t.phase = TaskRun.Phase.RUNNING;
    e.running++;
    track(t, h, t.attempt);
  }

  private void track(TaskRun t, AgentHandle h, int attempt) {
    t.handle = h;
    Optional<Duration> timeout = t.spec.timeout().or(e.options::taskTimeout);
    timeout.ifPresent(d -> t.timer = e.scheduler.schedule(() -> e.onActor(() -> {
      if (t.phase == TaskRun.Phase.RUNNING && t.attempt == attempt) {
        e.stop(t, "timed out after " + d);
      }
    }), d));
    h.outcome().whenComplete((o, ex) -> e.onActor(() -> e.ends.onOutcome(t, attempt, o != null ? o
        : AgentOutcome.stopped(t.spec.name(), AgentOutcome.Kind.FAILED_TO_START,
            "the launcher's outcome failed: " + EventBus.describe(ex), Duration.ZERO, List.of()))));
  }
}
