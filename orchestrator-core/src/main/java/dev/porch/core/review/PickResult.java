package dev.porch.core.review;

import dev.porch.core.CleanupReport;
import dev.porch.core.Decision;
import dev.porch.core.TaskName;
import dev.porch.core.port.MergeResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Review#pick} did, or with {@code dryRun} would do. A predicted or real conflict is a
 * result, not an exception: {@link #merge()} is then {@link MergeResult.Status#CONFLICT} with the
 * paths, and the repository is unchanged.
 *
 * @param task the attempt picked
 * @param branch its branch
 * @param target the branch merged into
 * @param message the merge commit's message, {@code Merge <task>: <summary>}
 * @param dryRun whether this was only a plan
 * @param predictedConflicts paths on which merging {@code branch} into {@code target} is predicted to
 *     conflict (empty when clean or when the prediction was skipped by force)
 * @param merge the merge's outcome; empty for a dry run
 * @param notChosen the other attempts of the same run (or feature), marked not chosen in the decision
 * @param decision the decision recorded for the run: MERGE {@code task}, discard {@code notChosen}
 * @param cleanup what was removed and kept of {@code notChosen} (for a dry run: what would be); empty
 *     when the merge did not succeed, since nothing is cleaned up then
 */
public record PickResult(TaskName task, String branch, String target, String message, boolean dryRun,
    List<String> predictedConflicts, Optional<MergeResult> merge, List<TaskName> notChosen, Decision decision,
    CleanupReport cleanup) {
  public PickResult {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(message, "message");
    predictedConflicts = List.copyOf(predictedConflicts);
    Objects.requireNonNull(merge, "merge");
    notChosen = List.copyOf(notChosen);
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(cleanup, "cleanup");
  }

  /** True when the branch is now in the target (merged, or it already was). */
  public boolean merged() {
    return merge.map(MergeResult::succeeded).orElse(false);
  }

  /** True for a dry run that predicts a clean merge, or a pick that merged. */
  public boolean ok() {
    return dryRun ? predictedConflicts.isEmpty() : merged();
  }
}
