package dev.porch.core.internal.engine;

import dev.porch.core.AgentStatus;
import dev.porch.core.CleanupReport;
import dev.porch.core.RunOptions;
import dev.porch.core.TaskName;
import dev.porch.core.Workflow;
import dev.porch.core.error.DirtyWorktreeException;
import dev.porch.core.error.UnmergedBranchException;
import dev.porch.core.port.MergeResult;
import dev.porch.core.port.StatusStore;
import dev.porch.core.port.WorkspaceProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The one merge and cleanup path: the engine's end of a run ({@link Finisher}) and a person's pick
 * ({@code dev.porch.core.review.Review}) both merge and clean up through here, so a pick does exactly
 * what the run would have done. Stateless; blocks on the ports.
 */
public final class Merging {
  private Merging() {}

  /**
   * Merges {@code branch} into {@code target} with {@code --no-ff} and the seed's message.
   *
   * @throws dev.porch.core.error.DirtyWorktreeException if the main worktree has uncommitted changes
   * @throws dev.porch.core.error.WorkspaceException if git fails
   */
  public static MergeResult merge(WorkspaceProvider git, TaskName task, String branch, String target,
      Optional<String> summary) {
    return git.merge(branch, target, Workflow.mergeMessage(task, summary));
  }

  /** The result for a branch not merged because a conflict with {@code with} is predicted. */
  public static MergeResult predictedConflict(String branch, String target, String with, List<String> paths, String note) {
    return new MergeResult(branch, target, MergeResult.Status.CONFLICT, Optional.empty(), paths,
        Optional.of("predicted to conflict with " + with + note + " on " + String.join(", ", paths) + "; not merged"));
  }

  /**
   * Removes the discarded tasks' clean worktrees and status files per {@code policy}, and with
   * REMOVE_WORKTREES_AND_BRANCHES their branches when merged into {@code target}. Never forced: a
   * dirty worktree or an unmerged branch is kept and reported.
   *
   * @param status the status of a discarded task (empty: not part of the run, skipped)
   * @param problem told of every unexpected failure (the task is kept and reported too)
   * @param removed told of every task whose worktree was removed, with whether its branch went too
   * @param dryRun report only; remove nothing
   */
  public static CleanupReport cleanup(WorkspaceProvider git, StatusStore statuses, RunOptions.CleanupPolicy policy,
      List<TaskName> discard, Function<TaskName, Optional<AgentStatus>> status, String target,
      BiConsumer<TaskName, RuntimeException> problem, BiConsumer<TaskName, Boolean> removed, boolean dryRun) {
    List<TaskName> gone = new ArrayList<>();
    List<CleanupReport.Kept> kept = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    if (policy == RunOptions.CleanupPolicy.KEEP) {
      return new CleanupReport(gone, kept, deleted);
    }
    for (TaskName t : discard) {
      Optional<AgentStatus> s = status.apply(t);
      if (s.isEmpty()) {
        continue;
      }
      String branch = s.get().branch();
      try {
        if (git.find(t).isEmpty()) {
          continue;
        }
        if (dryRun) {
          List<String> dirty = git.uncommitted(t);
          if (!dirty.isEmpty()) {
            throw new DirtyWorktreeException(dev.porch.core.StateLayout.of(git.root()).worktree(t), dirty);
          }
        } else {
          git.remove(t, false);
          statuses.delete(t);
        }
        gone.add(t);
      } catch (DirtyWorktreeException ex) {
        kept.add(new CleanupReport.Kept(t, branch, "worktree has " + ex.files().size() + " uncommitted file(s): "
            + String.join(", ", ex.files().subList(0, Math.min(3, ex.files().size()))) + "; commit them or remove it with force"));
        continue;
      } catch (RuntimeException ex) {
        problem.accept(t, ex);
        kept.add(new CleanupReport.Kept(t, branch, EventBus.describe(ex)));
        continue;
      }
      boolean branchDeleted = false;
      if (policy == RunOptions.CleanupPolicy.REMOVE_WORKTREES_AND_BRANCHES) {
        try {
          if (dryRun) {
            if (!git.isMerged(branch, target)) {
              throw new UnmergedBranchException(branch, target);
            }
          } else {
            git.deleteBranch(branch, target, false);
          }
          deleted.add(branch);
          branchDeleted = true;
        } catch (UnmergedBranchException ex) {
          kept.add(new CleanupReport.Kept(t, branch, "branch " + branch + " is not merged into " + target
              + "; delete it with force"));
        } catch (RuntimeException ex) {
          problem.accept(t, ex);
          kept.add(new CleanupReport.Kept(t, branch, EventBus.describe(ex)));
        }
      }
      if (!dryRun) {
        removed.accept(t, branchDeleted);
      }
    }
    return new CleanupReport(gone, kept, deleted);
  }
}
