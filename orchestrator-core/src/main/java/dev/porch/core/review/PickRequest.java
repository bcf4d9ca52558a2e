package dev.porch.core.review;

import dev.porch.core.RunOptions;
import dev.porch.core.TaskName;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Review#pick} should do: merge {@code task}'s branch into {@code target} (default: the
 * branch checked out in the main worktree), then clean up the other attempts per {@code cleanup}.
 *
 * <pre>{@code
 * PickRequest.of(TaskName.of("auth-2"))                       // merge, keep the others
 *     .withCleanup(RunOptions.CleanupPolicy.REMOVE_WORKTREES)  // as `porch compete` does without --keep
 *     .withDryRun(true);                                       // only say what would happen
 * }</pre>
 *
 * @param task the attempt chosen
 * @param target the branch to merge into; empty for the main worktree's current branch
 * @param cleanup what to do with the attempts not chosen (never forced: a dirty worktree or an
 *     unmerged branch is kept and reported)
 * @param force merge even when a conflict is predicted (git still aborts a merge that really
 *     conflicts, leaving the target unchanged)
 * @param dryRun decide and predict only; merge, write and remove nothing
 */
public record PickRequest(TaskName task, Optional<String> target, RunOptions.CleanupPolicy cleanup, boolean force,
    boolean dryRun) {
  public PickRequest {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(cleanup, "cleanup");
    if (target.isPresent() && target.get().isBlank()) {
      throw new IllegalArgumentException("the target branch is blank");
    }
  }

  /** Merge {@code task} into the current branch, keep the others, not forced, not a dry run. */
  public static PickRequest of(TaskName task) {
    return new PickRequest(task, Optional.empty(), RunOptions.CleanupPolicy.KEEP, false, false);
  }

  /** The same request merging into {@code branch}. */
  public PickRequest withTarget(String branch) {
    return new PickRequest(task, Optional.of(branch), cleanup, force, dryRun);
  }

  /** The same request with this cleanup policy. */
  public PickRequest withCleanup(RunOptions.CleanupPolicy policy) {
    return new PickRequest(task, target, policy, force, dryRun);
  }

  /** The same request, forced past a predicted conflict or not. */
  public PickRequest withForce(boolean force) {
    return new PickRequest(task, target, cleanup, force, dryRun);
  }

  /** The same request as a dry run or not. */
  public PickRequest withDryRun(boolean dryRun) {
    return new PickRequest(task, target, cleanup, force, dryRun);
  }
}
