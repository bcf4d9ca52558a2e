package dev.porch.core;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Workflow#cleanup} did.
 *
 * @param removed tasks whose worktree (or stale status file) was removed
 * @param kept worktrees or branches left in place, with the reason and what to do
 * @param branchesDeleted branches deleted
 */
public record CleanupReport(List<TaskName> removed, List<Kept> kept, List<String> branchesDeleted) {
  public CleanupReport {
    removed = List.copyOf(removed);
    kept = List.copyOf(kept);
    branchesDeleted = List.copyOf(branchesDeleted);
  }

  /** Something left in place, and why. */
  public record Kept(TaskName task, String branch, String reason) {
    public Kept {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(branch, "branch");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
