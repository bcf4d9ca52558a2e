package dev.porch.core.internal;

import dev.porch.core.AgentHandle;
import dev.porch.core.AgentOutcome;
import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.ChangedFile;
import dev.porch.core.Evaluation;
import dev.porch.core.EvaluationRequest;
import dev.porch.core.OrchestrationEvent;
import dev.porch.core.StatusChange;
import dev.porch.core.StatusFileException;
import dev.porch.core.TaskName;
import dev.porch.core.Workspace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What happens to a task between its workspace being made and its end: adopting a prepared (or
 * found) workspace, the agent's own reports, its exit, retries and evaluation. Called only on the
 * run's serial executor.
 */
final class AgentEnds {
  private final RunEngine e;

  AgentEnds(RunEngine engine) {
    this.e = engine;
  }

  private Optional<TaskName> about(TaskRun t) {
    return Optional.of(t.spec.name());
  }

  /** Takes over a prepared workspace: new PENDING status, or the status found when reusing. */
  void adopt(Preparer.Prepared p) {
    TaskRun t = e.tasks.get(p.task());
    if (p.workspace() == null && p.existing() != null) {
      t.status = p.existing();
      t.persisted = true;
      t.phase = TaskRun.Phase.DONE;
      e.bus.problem(about(t), "workspace", "task " + t.spec.name() + " is " + p.existing().status()
          + " and its worktree is gone; it is kept as it is and not evaluated again");
      return;
    }
    if (p.workspace() == null) {
      e.bus.problem(about(t), "workspace", p.error());
      e.failUnstarted(t, p.error());
      return;
    }
    t.workspace = p.workspace();
    t.persisted = true;
    if (p.existing() != null) {
      adoptExisting(t, p.existing());
      return;
    }
    Workspace w = p.workspace();
    e.bus.post(new OrchestrationEvent.WorkspaceCreated(e.runId, e.now(), w.task(), w.path(), w.branch(), w.base()));
    e.write(t, StatusFacts.pending(w, t.spec, t.spec.agent().orElse(e.request.agent()), e.pattern.name(), e.runId,
        e.now()), Optional.empty());
    if (p.setUpProblem() != null) {
      String why = "setup failed: " + p.setUpProblem();
      e.write(t, t.status.moveTo(AgentState.FAILED, e.now()).withError(why), Optional.of(why));
      t.phase = TaskRun.Phase.DONE;
    } else if (t.stopReason != null) {
      e.failUnstarted(t, t.stopReason);
    } else {
      t.phase = TaskRun.Phase.READY;
    }
  }

  private void adoptExisting(TaskRun t, AgentStatus found) {
    t.attempt = found.attempt();
    t.status = found;
    AgentStatus mine = found.withRun(e.runId).withUpdated(e.now());
    switch (found.status()) {
      case PENDING -> {
        e.write(t, mine, Optional.empty());
        t.phase = TaskRun.Phase.READY;
      }
      case BLOCKED -> {
        e.write(t, mine.moveTo(AgentState.PENDING, e.now()), Optional.of("resumed"));
        t.phase = TaskRun.Phase.READY;
      }
      case RUNNING -> reattach(t, mine);
      case COMPLETE -> evaluate(t);
      default -> t.phase = TaskRun.Phase.DONE;
    }
    if (t.phase == TaskRun.Phase.READY && t.stopReason != null) {
      e.failUnstarted(t, t.stopReason);
    }
  }

  private void reattach(TaskRun t, AgentStatus s) {
    if (s.pid().isEmpty()) {
      // started by hand (the seed's interactive mode): not ours to fail or follow
      e.bus.problem(about(t), "reattach", "task " + s.task() + " is RUNNING without a recorded process; left alone");
      t.phase = TaskRun.Phase.DONE;
      return;
    }
    Optional<AgentHandle> h = Optional.empty();
    if (s.pid().isPresent() && s.pidStarted().isPresent()) {
      try {
        h = e.ctx.launcher().reattach(s.task(), s.pid().getAsLong(), s.pidStarted().get());
      } catch (RuntimeException ex) {
        e.bus.problem(about(t), "reattach", ex);
      }
    }
    if (h.isPresent()) {
      e.write(t, s, Optional.of("reattached"));
      e.starter.follow(t, h.get());
    } else {
      String why = "orchestrator stopped; agent no longer running";
      e.write(t, s.withoutProcess().moveTo(AgentState.FAILED, e.now()).withError(why), Optional.of(why));
      t.phase = TaskRun.Phase.DONE;
    }
  }

  /** Adds the process id to the stored RUNNING status, unless the agent has already reported. */
  void recordProcess(TaskRun t, long pid, Instant started) {
    try {
      e.ctx.statuses().update(t.spec.name(), s -> s.status() == AgentState.RUNNING && s.attempt() == t.attempt
          ? s.withProcess(pid, started) : s);
    } catch (RuntimeException ex) {
      e.bus.problem(about(t), "write-status", ex);
    }
  }

  /** A change in the store: an agent marking itself COMPLETE, BLOCKED or FAILED stands. */
  void onStatusChange(StatusChange c) {
    TaskRun t = e.tasks.get(c.task());
    if (t != null && t.phase == TaskRun.Phase.RUNNING && c.status().isPresent()) {
      AgentStatus s = c.status().get();
      if (s.status() == AgentState.COMPLETE && workspaceProblem(t) != null) {
        return; // not taken: when the agent ends, it fails with the reason (see onOutcome)
      }
      takeReport(t, s);
    }
  }

  private void takeReport(TaskRun t, AgentStatus s) {
    boolean reported = s.status() == AgentState.COMPLETE || s.status() == AgentState.BLOCKED
        || s.status() == AgentState.FAILED;
    if (t.status.status() == AgentState.RUNNING && s.attempt() == t.attempt && reported) {
      AgentState from = t.status.status();
      t.status = s;
      e.changed = true;
      e.bus.post(new OrchestrationEvent.StateChanged(e.runId, e.now(), s.task(), Optional.of(from), s.status(),
          Optional.of("reported by the agent")));
    }
  }

  /** The agent of {@code t}'s attempt {@code attempt} ended. */
  void onOutcome(TaskRun t, int attempt, AgentOutcome o) {
    if (t.attempt != attempt || t.phase != TaskRun.Phase.RUNNING) {
      return;
    }
    t.cancelTimer();
    t.handle = null;
    t.outcome = o;
    e.running--;
    e.changed = true;
    e.bus.post(new OrchestrationEvent.AgentEnded(e.runId, e.now(), t.spec.name(), o));
    String broken = null;
    Optional<AgentStatus> stored = Optional.empty();
    try {
      stored = e.ctx.statuses().read(t.spec.name());
    } catch (StatusFileException ex) {
      broken = "its status file was left unreadable (" + ex.getMessage() + "); porch wrote it anew";
    } catch (RuntimeException ex) {
      e.bus.problem(about(t), "read-status", ex);
    }
    boolean claimsSuccess = stored.map(x -> x.status() == AgentState.COMPLETE && x.attempt() == t.attempt).orElse(false)
        || o.succeeded() && t.stopReason == null;
    if (broken == null && t.status.status() == AgentState.RUNNING && claimsSuccess) {
      broken = workspaceProblem(t);
    }
    if (broken == null) {
      stored.ifPresent(x -> takeReport(t, x));
    }
    AgentState state = t.status.status();
    AgentStatus s = o.exitCode().isPresent() ? t.status.withExitCode(o.exitCode().getAsInt()) : t.status;
    if (broken != null && state == AgentState.RUNNING) {
      e.write(t, s.moveTo(AgentState.FAILED, e.now()).withError(broken), Optional.of(broken));
      t.phase = TaskRun.Phase.DONE;
    } else if (state == AgentState.COMPLETE) {
      complete(t, s, Optional.empty());
    } else if (state != AgentState.RUNNING) {
      e.write(t, s, Optional.empty());
      t.phase = TaskRun.Phase.DONE;
    } else if (o.succeeded() && t.stopReason == null) {
      complete(t, s.moveTo(AgentState.COMPLETE, e.now()), Optional.of("agent exited 0"));
    } else if (t.stopReason == null && e.options.retry().shouldRetry(o, attempt)) {
      retry(t, s, o);
    } else {
      String why = StatusFacts.failure(o, t.stopReason);
      e.write(t, s.moveTo(AgentState.FAILED, e.now()).withError(why), Optional.of(why));
      t.phase = TaskRun.Phase.DONE;
    }
  }

  /**
   * What is wrong with {@code t}'s worktree after its agent ended, if anything: the folder is gone,
   * or it is on another branch than the task's (the work there is not where the merge looks).
   */
  private String workspaceProblem(TaskRun t) {
    Workspace w = t.workspace;
    Optional<Workspace> now;
    try {
      now = e.ctx.workspaces().find(t.spec.name());
    } catch (RuntimeException ex) {
      return "its worktree could not be checked: " + EventBus.describe(ex);
    }
    if (now.isEmpty()) {
      return "its worktree " + w.relativePath() + " is gone (deleted while the agent ran)";
    }
    if (!now.get().branch().equals(w.branch())) {
      return "its worktree is on " + now.get().branch() + " instead of " + w.branch()
          + " (the agent checked out another branch; commits there are kept, but not merged)";
    }
    return null;
  }

  private void complete(TaskRun t, AgentStatus s, Optional<String> reason) {
    Workspace w = t.workspace;
    if (s.summary().isEmpty()) {
      try {
        Optional<String> summary = e.ctx.workspaces().readFile(w, "RESULTS.md").flatMap(StatusFacts::summaryFromResults);
        if (summary.isEmpty()) {
          summary = e.ctx.workspaces().lastCommitMessage(w.branch(), w.base()).flatMap(StatusFacts::subject);
        }
        s = s.withSummary(summary);
      } catch (RuntimeException ex) {
        e.bus.problem(about(t), "summary", ex);
      }
    }
    if (s.filesChanged().isEmpty()) {
      try {
        List<String> files = new ArrayList<>();
        for (ChangedFile f : e.ctx.workspaces().changedFiles(w.branch(), w.base())) {
          files.add(f.path());
        }
        s = s.withFilesChanged(files);
      } catch (RuntimeException ex) {
        e.bus.problem(about(t), "changed-files", ex);
      }
    }
    e.write(t, s.withError(Optional.empty()), reason);
    evaluate(t);
  }

  private void retry(TaskRun t, AgentStatus s, AgentOutcome o) {
    String why = StatusFacts.failure(o, null);
    e.write(t, s.moveTo(AgentState.FAILED, e.now()).withError(why), Optional.of(why));
    t.attempt++;
    e.write(t, t.status.retry(e.now()), Optional.of("retrying: attempt " + t.attempt));
    Duration delay = e.options.retry().delayBefore(t.attempt, ThreadLocalRandom.current().nextDouble());
    e.bus.post(new OrchestrationEvent.RetryScheduled(e.runId, e.now(), t.spec.name(), t.attempt, delay, why));
    t.phase = TaskRun.Phase.RETRY_WAIT;
    int next = t.attempt;
    t.timer = e.scheduler.schedule(() -> e.onActor(() -> {
      if (t.phase == TaskRun.Phase.RETRY_WAIT && t.attempt == next) {
        t.timer = null;
        t.phase = TaskRun.Phase.READY;
        e.changed = true;
      }
    }), delay);
  }

  /** Judges a COMPLETE task's workspace on another thread; the task is done once judged. */
  void evaluate(TaskRun t) {
    t.phase = TaskRun.Phase.EVALUATING;
    EvaluationRequest req = new EvaluationRequest(t.workspace, t.spec.testCommand().or(e.request::testCommand),
        e.options.evaluationTimeout());
    e.scheduler.execute(() -> {
      Evaluation ev;
      try {
        ev = Objects.requireNonNull(e.ctx.evaluator().evaluate(req), "the evaluator returned nothing");
      } catch (RuntimeException ex) {
        e.bus.problem(about(t), "evaluate", ex);
        ev = StatusFacts.notJudged(t.spec.name(), EventBus.describe(ex));
      }
      Evaluation done = ev;
      e.onActor(() -> evaluated(t, done));
    });
  }

  private void evaluated(TaskRun t, Evaluation ev) {
    t.evaluation = ev;
    AgentStatus s = t.status.withScore(ev.score()).withUpdated(e.now());
    if (ev.tests().isPresent()) {
      s = s.withTests(ev.tests().get());
    }
    e.write(t, s, Optional.empty());
    e.bus.post(new OrchestrationEvent.Evaluated(e.runId, e.now(), t.spec.name(), ev));
    t.phase = TaskRun.Phase.DONE;
  }
}
