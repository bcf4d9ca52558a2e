package dev.porch.core.internal.engine;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.UntrustedText;
import dev.porch.core.error.StatusFileException;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.ChangedFile;
import dev.porch.core.port.Evaluation;
import dev.porch.core.port.EvaluationRequest;
import dev.porch.core.port.LeftoverCommit;
import dev.porch.core.port.StatusChange;
import dev.porch.core.port.Workspace;
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
 * run's serial executor, except for what runs on a task's lane: {@link #gather} and the worktree
 * check, which read ports and only the task's fields that the actor no longer changes.
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
    e.post(t, at -> new OrchestrationEvent.WorkspaceCreated(e.runId, at, w.task(), w.path(), w.branch(), w.base()));
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
    if (e.options.followUp() && (found.status().isFinal() || found.status() == AgentState.BLOCKED)) {
      followUp(t, mine);
      return;
    }
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

  /**
   * A follow-up on a task whose agent has ended: a new attempt in the same worktree (final or
   * BLOCKED, then PENDING, attempt + 1), told the session to resume and how the last attempt ended.
   */
  private void followUp(TaskRun t, AgentStatus found) {
    String agent = t.spec.agent().orElse(e.request.agent());
    // another agent CLI cannot resume this one's session: it starts anew
    boolean sameAgent = found.agent().map(agent::equals).orElse(true);
    t.resumeSession = sameAgent ? found.session() : Optional.empty();
    t.previousAttempt = Optional.of(FollowUps.previousAttempt(found));
    AgentStatus next = found.retry(e.now()).withAgent(agent);
    t.attempt = next.attempt();
    e.write(t, next, Optional.of("follow-up: attempt " + next.attempt()));
    if (t.stopReason != null) {
      e.failUnstarted(t, t.stopReason);
    } else {
      t.phase = TaskRun.Phase.READY;
    }
  }

  private void reattach(TaskRun t, AgentStatus s) {
    Optional<AgentHandle> h = Optional.empty();
    try {
      h = e.ctx.launcher().reattach(s); // by process, or by what a remote launcher recorded (a Job's labels)
    } catch (RuntimeException ex) {
      e.bus.problem(about(t), "reattach", ex);
    }
    if (h.isEmpty() && s.pid().isEmpty()) {
      // started by hand (the seed's interactive mode): not ours to fail or follow
      e.bus.problem(about(t), "reattach", "task " + s.task() + " is RUNNING without a recorded process; left alone");
      t.phase = TaskRun.Phase.DONE;
      return;
    }
    if (h.isPresent()) {
      e.write(t, s, Optional.of("reattached"));
      e.starter.follow(t, h.get());
      return;
    }
    Optional<AgentStatus> now = delivered(t, s);
    if (now.isPresent()) {
      adoptExisting(t, now.get()); // as if the run had found the agent's report when it resumed
    } else {
      String why = "orchestrator stopped; agent no longer running";
      e.write(t, s.withoutProcess().moveTo(AgentState.FAILED, e.now()).withError(why), Optional.of(why));
      t.phase = TaskRun.Phase.DONE;
    }
  }

  /**
   * The agent's own final report, when the launcher delivered it while re-attaching (a sandboxed
   * agent that ended while no porch ran: its report waited in the sandbox's outbox); empty when the
   * status is still the RUNNING one {@code s} of this attempt.
   */
  private Optional<AgentStatus> delivered(TaskRun t, AgentStatus s) {
    try {
      return e.ctx.statuses().read(s.task())
          .filter(now -> now.status() != AgentState.RUNNING && now.attempt() == s.attempt());
    } catch (RuntimeException ex) {
      e.bus.problem(about(t), "reattach", ex);
      return Optional.empty();
    }
  }

  /** Queues adding the process id to the stored RUNNING status, unless the agent has already reported. */
  void recordProcess(TaskRun t, long pid, Instant started) {
    int attempt = t.attempt;
    t.lane.execute(() -> {
      try {
        e.ctx.statuses().update(t.spec.name(), s -> s.status() == AgentState.RUNNING && s.attempt() == attempt
            ? s.withProcess(pid, started) : s);
      } catch (RuntimeException ex) {
        e.bus.problem(about(t), "write-status", ex);
      }
    });
  }

  /**
   * A change in the store: an agent marking itself COMPLETE, BLOCKED or FAILED stands. COMPLETE
   * stands only once its worktree is checked (on the lane); if the check fails, the report is not
   * taken, and when the agent ends it fails with the reason (see {@link #gather}).
   */
  void onStatusChange(StatusChange c) {
    TaskRun t = e.tasks.get(c.task());
    if (t == null || t.phase != TaskRun.Phase.RUNNING || c.status().isEmpty() || !takes(t.status, c.status().get(),
        t.attempt)) {
      return;
    }
    AgentStatus s = c.status().get();
    if (s.status() != AgentState.COMPLETE) {
      takeReport(t, s);
      return;
    }
    int attempt = t.attempt;
    t.lane.execute(() -> {
      if (workspaceProblem(t) == null) {
        e.onActor(() -> {
          if (t.phase == TaskRun.Phase.RUNNING && t.attempt == attempt) {
            takeReport(t, s);
          }
        });
      }
    });
  }

  /** Whether a report {@code s} read from the store replaces {@code known}, the status porch holds. */
  private static boolean takes(AgentStatus known, AgentStatus s, int attempt) {
    boolean reported = s.status() == AgentState.COMPLETE || s.status() == AgentState.BLOCKED
        || s.status() == AgentState.FAILED;
    return known.status() == AgentState.RUNNING && s.attempt() == attempt && reported;
  }

  private void takeReport(TaskRun t, AgentStatus s) {
    if (takes(t.status, s, t.attempt)) {
      AgentState from = t.status.status();
      t.status = s; // the agent wrote it; porch does not write it again
      e.changed = true;
      // a BLOCKED agent's question (porch block --reason) is what a listener, such as a notification, needs to show
      String why = "reported by the agent" + (s.status() == AgentState.COMPLETE ? "" : s.error().map(r -> ": " + r).orElse(""));
      e.post(t, at -> new OrchestrationEvent.StateChanged(e.runId, at, s.task(), Optional.of(from), s.status(),
          Optional.of(why)));
    }
  }

  /** What the lane found after an agent ended, and what becomes of the task. */
  private record Ending(Verdict verdict, Optional<AgentStatus> report, String why, Optional<String> summary,
      Optional<List<String>> files, boolean committedByPorch) {
  }

  private enum Verdict {
    /** The agent left its worktree or status broken: FAILED with the reason. */
    BROKEN,
    /** It reported COMPLETE: evaluate. */
    REPORTED_COMPLETE,
    /** It reported BLOCKED or FAILED: that stands. */
    REPORTED_OTHER,
    /** It said nothing but exited 0: COMPLETE. */
    EXITED_0,
    /** It failed, and the retry policy gives it another attempt. */
    RETRY,
    /** It failed (or was stopped). */
    FAILED
  }

  /**
   * The agent of {@code t}'s attempt {@code attempt} ended. Its slot is free at once; what it left
   * is read on the task's lane ({@link #gather}) and judged back here ({@link #conclude}).
   */
  void onOutcome(TaskRun t, int attempt, AgentOutcome o) {
    if (t.attempt != attempt || t.phase != TaskRun.Phase.RUNNING) {
      return;
    }
    t.cancelTimer();
    if (t.handle != null) {
      try {
        t.handle.activity().ifPresent(a -> t.activity = a); // the last word: final tokens and cost
      } catch (RuntimeException ex) {
        // decoration only
      }
    }
    t.handle = null;
    t.outcome = o;
    t.phase = TaskRun.Phase.FINISHING;
    e.running--;
    e.changed = true;
    e.post(t, at -> new OrchestrationEvent.AgentEnded(e.runId, at, t.spec.name(), o));
    // Nothing changes t.status or t.stopReason while FINISHING, so the lane may read these copies.
    AgentStatus known = t.status;
    String stopReason = t.stopReason;
    // the model's last words, for a summary when the agent wrote none (and no RESULTS.md or commit says one)
    Optional<String> said = t.activity == null ? Optional.empty() : t.activity.lastMessage();
    t.lane.execute(() -> {
      Ending ending;
      try {
        ending = gather(t, attempt, o, known, stopReason, said);
      } catch (RuntimeException ex) { // a port broke its contract: the task must still end
        e.bus.problem(about(t), "agent-ended", ex);
        ending = new Ending(Verdict.FAILED, Optional.empty(), "porch could not read what the agent left: "
            + EventBus.describe(ex), Optional.empty(), Optional.empty(), false);
      }
      Ending end = ending;
      e.onActor(() -> conclude(t, attempt, o, end));
    });
  }

  /** On the lane: reads the agent's last report and, when it claims success, checks its worktree and work. */
  private Ending gather(TaskRun t, int attempt, AgentOutcome o, AgentStatus known, String stopReason,
      Optional<String> said) {
    String broken = null;
    Optional<AgentStatus> stored = Optional.empty();
    try {
      stored = e.ctx.statuses().read(t.spec.name());
    } catch (StatusFileException ex) {
      broken = "its status file was left unreadable (" + ex.getMessage() + "); porch wrote it anew";
    } catch (RuntimeException ex) {
      e.bus.problem(about(t), "read-status", ex);
    }
    boolean exitedWell = o.succeeded() && stopReason == null;
    boolean claimsSuccess = stored.map(x -> x.status() == AgentState.COMPLETE && x.attempt() == attempt).orElse(false)
        || exitedWell;
    if (broken == null && known.status() == AgentState.RUNNING && claimsSuccess) {
      broken = workspaceProblem(t);
    }
    Optional<AgentStatus> report = broken == null ? stored.filter(x -> takes(known, x, attempt)) : Optional.empty();
    AgentStatus now = report.orElse(known);
    Verdict v;
    String why = null;
    if (broken != null && now.status() == AgentState.RUNNING) {
      v = Verdict.BROKEN;
      why = broken;
    } else if (now.status() == AgentState.COMPLETE) {
      v = Verdict.REPORTED_COMPLETE;
    } else if (now.status() != AgentState.RUNNING) {
      v = Verdict.REPORTED_OTHER;
    } else if (exitedWell) {
      v = Verdict.EXITED_0;
    } else if (stopReason == null && e.options.retry().shouldRetry(o, attempt)) {
      v = Verdict.RETRY;
    } else {
      v = Verdict.FAILED;
      why = StatusFacts.failure(o, stopReason);
    }
    boolean completes = v == Verdict.REPORTED_COMPLETE || v == Verdict.EXITED_0;
    Optional<String> summary = completes && now.summary().isEmpty()
        ? summary(t).or(() -> said.map(m -> UntrustedText.oneLine(m, 200)).filter(m -> !m.isEmpty()))
        : Optional.empty();
    boolean committed = false;
    if (completes) {
      Leftovers left = commitLeftovers(t, now, summary.or(now::summary));
      if (left.problem() != null) {
        return new Ending(Verdict.BROKEN, report, left.problem(), Optional.empty(), Optional.empty(), false);
      }
      committed = left.committed();
    }
    // from the branch, whatever the agent listed: they must match what a merge brings
    Optional<List<String>> files = completes ? changedFiles(t) : Optional.empty();
    return new Ending(v, report, why, summary, files, committed);
  }

  /** What became of the work an agent left uncommitted: committed by porch, or the reason it cannot be judged. */
  private record Leftovers(boolean committed, String problem) {
  }

  /**
   * On the lane: commits what the agent of a completing task left uncommitted (or, when the run
   * does not commit leftovers, refuses the task), so that what is judged is what is merged.
   */
  private Leftovers commitLeftovers(TaskRun t, AgentStatus now, Optional<String> summary) {
    Workspace w = t.workspace;
    try {
      List<String> left = e.ctx.workspaces().uncommitted(w.task());
      if (left.isEmpty()) {
        return new Leftovers(false, null);
      }
      if (!e.options.commitLeftovers()) {
        return new Leftovers(false, "left uncommitted work, nothing committed (" + StatusFacts.some(left)
            + "); its agent must commit, or let porch commit leftovers");
      }
      String agent = now.agent().orElse(t.spec.agent().orElse(e.request.agent()));
      Optional<LeftoverCommit> c = e.ctx.workspaces().commitLeftovers(w, agent, StatusFacts.leftoverMessage(
          w.task(), agent, now.attempt(), summary));
      c.ifPresent(x -> e.post(t, at -> new OrchestrationEvent.WorkCommitted(e.runId, at, w.task(), agent, x)));
      return new Leftovers(c.isPresent(), null);
    } catch (RuntimeException ex) {
      return new Leftovers(false, "porch could not commit the work the agent left uncommitted: "
          + EventBus.describe(ex));
    }
  }

  /** On the actor: the task's end, from what {@link #gather} found. */
  private void conclude(TaskRun t, int attempt, AgentOutcome o, Ending end) {
    if (t.attempt != attempt || t.phase != TaskRun.Phase.FINISHING) {
      return;
    }
    end.report().ifPresent(x -> takeReport(t, x));
    AgentStatus s = o.exitCode().isPresent() ? t.status.withExitCode(o.exitCode().getAsInt()) : t.status;
    switch (end.verdict()) {
      case BROKEN, FAILED -> {
        AgentStatus failed = s.status() == AgentState.COMPLETE ? s.completionRefused(end.why(), e.now())
            : s.moveTo(AgentState.FAILED, e.now()).withError(end.why());
        e.write(t, failed, Optional.of(end.why()));
        t.phase = TaskRun.Phase.DONE;
      }
      case REPORTED_COMPLETE -> complete(t, s, end, Optional.empty());
      case REPORTED_OTHER -> {
        e.write(t, s, Optional.empty());
        t.phase = TaskRun.Phase.DONE;
      }
      case EXITED_0 -> complete(t, s.moveTo(AgentState.COMPLETE, e.now()), end, Optional.of("agent exited 0"));
      case RETRY -> retry(t, s, o);
    }
  }

  /**
   * What is wrong with {@code t}'s worktree after its agent ended, if anything: the folder is gone,
   * or it is on another branch than the task's (the work there is not where the merge looks).
   * Runs on the task's lane.
   */
  private String workspaceProblem(TaskRun t) {
    Workspace w = t.workspace;
    Optional<String> now;
    try {
      now = e.ctx.workspaces().checkedOut(w);
    } catch (RuntimeException ex) {
      return "its worktree could not be checked: " + EventBus.describe(ex);
    }
    if (now.isEmpty()) {
      return "its worktree " + w.relativePath() + " is gone (deleted while the agent ran)";
    }
    if (!now.get().equals(w.branch())) {
      return "its worktree is on " + now.get() + " instead of " + w.branch()
          + " (the agent checked out another branch; commits there are kept, but not merged)";
    }
    return null;
  }

  /** On the lane: the summary of a finished task's work, from RESULTS.md or its last commit. */
  private Optional<String> summary(TaskRun t) {
    Workspace w = t.workspace;
    try {
      Optional<String> summary = e.ctx.workspaces().readFile(w, "RESULTS.md").flatMap(StatusFacts::summaryFromResults);
      return summary.isPresent() ? summary
          : e.ctx.workspaces().lastCommitMessage(w.branch(), w.base()).flatMap(StatusFacts::subject);
    } catch (RuntimeException ex) {
      e.bus.problem(about(t), "summary", ex);
      return Optional.empty();
    }
  }

  /** On the lane: the paths a finished task's branch changed. */
  private Optional<List<String>> changedFiles(TaskRun t) {
    Workspace w = t.workspace;
    try {
      List<String> files = new ArrayList<>();
      for (ChangedFile f : e.ctx.workspaces().changedFiles(w.branch(), w.base())) {
        files.add(f.path());
      }
      return Optional.of(files);
    } catch (RuntimeException ex) {
      e.bus.problem(about(t), "changed-files", ex);
      return Optional.empty();
    }
  }

  private void complete(TaskRun t, AgentStatus s, Ending end, Optional<String> reason) {
    if (s.summary().isEmpty()) {
      s = s.withSummary(end.summary());
    }
    if (end.files().isPresent()) {
      s = s.withFilesChanged(end.files().get());
    }
    e.write(t, s.withError(Optional.empty()).withCommittedByPorch(end.committedByPorch()), reason);
    evaluate(t);
  }

  private void retry(TaskRun t, AgentStatus s, AgentOutcome o) {
    String why = StatusFacts.failure(o, null);
    e.write(t, s.moveTo(AgentState.FAILED, e.now()).withError(why), Optional.of(why));
    t.attempt++;
    e.write(t, t.status.retry(e.now()), Optional.of("retrying: attempt " + t.attempt));
    Duration delay = e.options.retry().delayBefore(t.attempt, ThreadLocalRandom.current().nextDouble());
    int next = t.attempt;
    e.post(t, at -> new OrchestrationEvent.RetryScheduled(e.runId, at, t.spec.name(), next, delay, why));
    t.phase = TaskRun.Phase.RETRY_WAIT;
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
    e.post(t, at -> new OrchestrationEvent.Evaluated(e.runId, at, t.spec.name(), ev));
    t.phase = TaskRun.Phase.DONE;
  }
}
