package dev.porch.core.internal.engine;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.CleanupReport;
import dev.porch.core.Decision;
import dev.porch.core.RunOptions;
import dev.porch.core.RunResult;
import dev.porch.core.TaskName;
import dev.porch.core.Workflow;
import dev.porch.core.error.DirtyWorktreeException;
import dev.porch.core.error.UnmergedBranchException;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.port.ConflictMatrix;
import dev.porch.core.port.MergeResult;
import dev.porch.core.port.WorkspaceProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The end of a run, once every task is done: ask the pattern for its decision, predict conflicts,
 * merge per the merge policy, clean up discarded workspaces per the cleanup policy (never forced).
 * Runs on one of the scheduler's threads; only calls ports and posts events.
 */
final class Finisher {
  private final RunEngine e;
  private final WorkspaceProvider git;
  private final Consumer<ConflictMatrix> predicted;

  Finisher(RunEngine engine, Consumer<ConflictMatrix> predicted) {
    this.e = engine;
    this.git = engine.ctx.workspaces();
    this.predicted = predicted;
  }

  RunResult finish(RunSnapshot view, boolean cancelled) {
    Decision d = cancelled ? Decision.nothing("the run was cancelled; nothing merged") : decide(view);
    e.bus.post(new OrchestrationEvent.Decided(e.runId, e.now(), d));
    Map<TaskName, MergeResult> merges = new LinkedHashMap<>();
    String target = null;
    if (d.verdict() == Decision.Verdict.MERGE && e.options.mergePolicy() == RunOptions.MergePolicy.AUTO
        || e.options.cleanup() != RunOptions.CleanupPolicy.KEEP && !d.discard().isEmpty()) {
      try {
        target = e.options.targetBranch().orElseGet(git::currentBranch);
      } catch (RuntimeException ex) {
        e.bus.problem(Optional.empty(), "merge", "cannot tell which branch to merge into: " + EventBus.describe(ex));
      }
    }
    if (target != null && d.verdict() == Decision.Verdict.MERGE && e.options.mergePolicy() == RunOptions.MergePolicy.AUTO) {
      merges = merge(d, view, target);
    }
    CleanupReport cleanup = target == null ? new CleanupReport(List.of(), List.of(), List.of()) : cleanup(d, view, target);
    return new RunResult(e.runId, d, merges, view.statuses(), view.evaluations(), cleanup, List.of(), cancelled,
        Duration.between(view.startedAt(), e.now()));
  }

  private Decision decide(RunSnapshot view) {
    try {
      return Objects.requireNonNull(e.pattern.decide(view), "decide returned null");
    } catch (RuntimeException ex) {
      String why = "pattern " + e.pattern.name() + " failed to decide: " + EventBus.describe(ex);
      e.bus.problem(Optional.empty(), "decide", why);
      return Decision.nothing(why);
    }
  }

  private Map<TaskName, MergeResult> merge(Decision d, RunSnapshot view, String target) {
    Map<TaskName, MergeResult> out = new LinkedHashMap<>();
    Map<TaskName, String> branches = new LinkedHashMap<>();
    for (TaskName t : d.merge()) {
      Optional<AgentStatus> s = view.status(t);
      if (s.isEmpty() || s.get().status() != AgentState.COMPLETE) {
        String why = "task " + t + " is " + (s.isEmpty() ? "not part of this run" : s.get().status()) + "; only COMPLETE tasks are merged";
        e.bus.problem(Optional.of(t), "merge", why);
        out.put(t, MergeResult.failed(s.map(AgentStatus::branch).orElse(t.value()), target, why));
      } else {
        branches.put(t, s.get().branch());
      }
    }
    ConflictMatrix matrix = ConflictMatrix.clean(List.copyOf(branches.values()));
    if (branches.size() > 1) {
      try {
        matrix = git.predictConflicts(List.copyOf(branches.values()), target);
        predicted.accept(matrix);
        e.bus.post(new OrchestrationEvent.ConflictsPredicted(e.runId, e.now(), matrix));
      } catch (RuntimeException ex) {
        e.bus.problem(Optional.empty(), "predict-conflicts", ex);
      }
    }
    List<String> merged = new ArrayList<>();
    for (Map.Entry<TaskName, String> en : branches.entrySet()) {
      String branch = en.getValue();
      MergeResult r = null;
      for (String m : merged) {
        List<String> paths = matrix.conflicts(m, branch);
        if (!paths.isEmpty()) {
          r = new MergeResult(branch, target, MergeResult.Status.CONFLICT, Optional.empty(), paths,
              Optional.of("predicted to conflict with " + m + " (merged before it) on " + String.join(", ", paths)
                  + "; not merged"));
          break;
        }
      }
      if (r == null) {
        Optional<String> summary = view.status(en.getKey()).flatMap(AgentStatus::summary);
        try {
          r = git.merge(branch, target, Workflow.mergeMessage(en.getKey(), summary));
        } catch (RuntimeException ex) {
          e.bus.problem(Optional.of(en.getKey()), "merge", ex);
          r = MergeResult.failed(branch, target, EventBus.describe(ex));
        }
      }
      if (r.succeeded()) {
        merged.add(branch);
      }
      out.put(en.getKey(), r);
      e.bus.post(new OrchestrationEvent.Merged(e.runId, e.now(), en.getKey(), r));
    }
    return out;
  }

  private CleanupReport cleanup(Decision d, RunSnapshot view, String target) {
    List<TaskName> removed = new ArrayList<>();
    List<CleanupReport.Kept> kept = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    RunOptions.CleanupPolicy policy = e.options.cleanup();
    if (policy == RunOptions.CleanupPolicy.KEEP) {
      return new CleanupReport(removed, kept, deleted);
    }
    for (TaskName t : d.discard()) {
      Optional<AgentStatus> s = view.status(t);
      if (s.isEmpty()) {
        continue;
      }
      String branch = s.get().branch();
      try {
        if (git.find(t).isEmpty()) {
          continue;
        }
        git.remove(t, false);
        e.ctx.statuses().delete(t);
        removed.add(t);
      } catch (DirtyWorktreeException ex) {
        kept.add(new CleanupReport.Kept(t, branch, "worktree has " + ex.files().size() + " uncommitted file(s): "
            + String.join(", ", ex.files().subList(0, Math.min(3, ex.files().size()))) + "; commit them or remove it with force"));
        continue;
      } catch (RuntimeException ex) {
        e.bus.problem(Optional.of(t), "cleanup", ex);
        kept.add(new CleanupReport.Kept(t, branch, EventBus.describe(ex)));
        continue;
      }
      boolean branchDeleted = false;
      if (policy == RunOptions.CleanupPolicy.REMOVE_WORKTREES_AND_BRANCHES) {
        try {
          git.deleteBranch(branch, target, false);
          deleted.add(branch);
          branchDeleted = true;
        } catch (UnmergedBranchException ex) {
          kept.add(new CleanupReport.Kept(t, branch, "branch " + branch + " is not merged into " + target
              + "; delete it with force"));
        } catch (RuntimeException ex) {
          e.bus.problem(Optional.of(t), "cleanup", ex);
          kept.add(new CleanupReport.Kept(t, branch, EventBus.describe(ex)));
        }
      }
      e.bus.post(new OrchestrationEvent.WorkspaceRemoved(e.runId, e.now(), t, branchDeleted));
    }
    return new CleanupReport(removed, kept, deleted);
  }
}
