package dev.porch.core.testing;

import dev.porch.core.TaskName;
import dev.porch.core.error.PorchException;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.Evaluation;
import dev.porch.core.port.EvaluationRequest;
import dev.porch.core.port.Evaluator;
import dev.porch.core.port.TestResult;
import dev.porch.core.port.Workspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link Evaluator} with scripted verdicts per task: pass or fail with a score, or throw. The
 * diff and changed files come from the {@link FakeWorkspaces}. Unscripted tasks pass with score 1.
 * Thread-safe.
 */
public final class ScriptedEvaluator implements Evaluator {
  private final FakeWorkspaces workspaces;
  private final Map<TaskName, Verdict> verdicts = new HashMap<>();
  private final List<TaskName> calls = new ArrayList<>();

  private record Verdict(boolean passed, double score, String throwing, boolean timedOut) {
    Verdict(boolean passed, double score, String throwing) {
      this(passed, score, throwing, false);
    }
  }

  public ScriptedEvaluator(FakeWorkspaces workspaces) {
    this.workspaces = workspaces;
  }

  public synchronized ScriptedEvaluator pass(TaskName task, double score) {
    verdicts.put(task, new Verdict(true, score, null));
    return this;
  }

  public synchronized ScriptedEvaluator fail(TaskName task) {
    verdicts.put(task, new Verdict(false, 0, null));
    return this;
  }

  /** The task's test command runs past its timeout: a failed, timed-out result (as the process evaluator gives). */
  public synchronized ScriptedEvaluator hang(TaskName task) {
    verdicts.put(task, new Verdict(false, 0, null, true));
    return this;
  }

  public synchronized ScriptedEvaluator throwing(TaskName task, String message) {
    verdicts.put(task, new Verdict(false, 0, message));
    return this;
  }

  /** The tasks evaluated, in order. */
  public synchronized List<TaskName> calls() {
    return List.copyOf(calls);
  }

  @Override
  public Evaluation evaluate(EvaluationRequest request) {
    Workspace w = request.workspace();
    Verdict v;
    synchronized (this) {
      calls.add(w.task());
      v = verdicts.getOrDefault(w.task(), new Verdict(true, 1.0, null));
    }
    if (v.throwing() != null) {
      throw new PorchException(v.throwing());
    }
    if (workspaces.find(w.task()).isEmpty()) {
      // as the process evaluator: a workspace whose worktree is gone cannot be judged at all
      throw new WorkspaceException("the worktree of " + w.task() + " does not exist: " + w.path(), List.of());
    }
    Optional<TestResult> tests = request.testCommand().map(c -> v.timedOut()
        ? new TestResult(false, -1, request.timeout(), -1, -1, -1, Optional.empty(), c.arguments(), true)
        : new TestResult(v.passed(), v.passed() ? 0 : 1,
        Duration.ofSeconds(1), v.passed() ? 3 : 1, v.passed() ? 0 : 2, 0, Optional.of("tap"), c.arguments(), false));
    if (tests.isEmpty() && !v.passed()) {
      tests = Optional.of(new TestResult(false, 1, Duration.ZERO, -1, -1, -1, Optional.empty(), List.of("scripted"), false));
    }
    List<String> files = new ArrayList<>();
    workspaces.changedFiles(w.branch(), w.base()).forEach(f -> files.add(f.path()));
    return new Evaluation(w.task(), tests, workspaces.diffStat(w.branch(), w.base()), files, v.score(),
        workspaces.readFile(w, "RESULTS.md"), workspaces.commitsAhead(w.branch(), w.base()));
  }
}
