package dev.porch.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Orchestrator#recover()} found in the status files and in git, and what it did.
 *
 * @param reattached RUNNING tasks whose agent is still alive; their status is finished when it ends
 * @param markedFailed RUNNING tasks whose agent is gone; now FAILED
 * @param statusWithoutWorktree tasks with a status file but no worktree (clean up with {@code
 *     porch cleanup})
 * @param worktreesWithoutStatus worktrees under {@code .worktrees/} that have no status file;
 *     removing them needs {@code --force} because porch did not record making them
 * @param resumable for each unfinished run, its PENDING or BLOCKED tasks; continue with {@link
 *     Orchestrator#resume}
 * @param problems status files that could not be read, and other trouble
 * @param repaired what was put right because it lost nothing: half-made worktrees removed, an
 *     interrupted merge aborted, status files of tasks that never started and have no worktree
 *     removed, worktrees a crashed spawn left without a status file (clean, no commits) removed
 */
public record RecoveryReport(
    List<TaskName> reattached,
    List<TaskName> markedFailed,
    List<TaskName> statusWithoutWorktree,
    List<Path> worktreesWithoutStatus,
    Map<String, List<TaskName>> resumable,
    List<String> problems,
    List<String> repaired) {
  public RecoveryReport {
    reattached = List.copyOf(reattached);
    markedFailed = List.copyOf(markedFailed);
    statusWithoutWorktree = List.copyOf(statusWithoutWorktree);
    worktreesWithoutStatus = List.copyOf(worktreesWithoutStatus);
    Objects.requireNonNull(resumable, "resumable");
    resumable = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(resumable));
    problems = List.copyOf(problems);
    repaired = List.copyOf(repaired);
  }

  /** Whether everything already agreed: nothing was found, done or left. */
  public boolean clean() {
    return reattached.isEmpty() && markedFailed.isEmpty() && repaired.isEmpty() && !needsAttention()
        && resumable.isEmpty();
  }

  /**
   * Whether something is left that porch would not fix on its own because it could lose work
   * (orphans with work in them, unreadable status files); the CLI then exits with 1.
   */
  public boolean needsAttention() {
    return !statusWithoutWorktree.isEmpty() || !worktreesWithoutStatus.isEmpty() || !problems.isEmpty();
  }
}
