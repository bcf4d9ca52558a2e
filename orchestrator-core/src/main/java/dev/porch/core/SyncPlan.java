package dev.porch.core;

import dev.porch.core.port.ConflictMatrix;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Workflow#merge} will merge, what it skips because of a predicted conflict, and what
 * it refuses because the status file names a branch that is not the task's own.
 *
 * @param target the branch merged into
 * @param merge COMPLETE tasks to merge, in order
 * @param skipped COMPLETE tasks left out, each with the task it conflicts with and the paths
 * @param conflicts the full pairwise prediction
 * @param refused COMPLETE tasks never merged, because their status names another branch
 */
public record SyncPlan(String target, List<AgentStatus> merge, List<Skipped> skipped, ConflictMatrix conflicts,
    List<Refused> refused) {
  public SyncPlan {
    Objects.requireNonNull(target, "target");
    merge = List.copyOf(merge);
    skipped = List.copyOf(skipped);
    Objects.requireNonNull(conflicts, "conflicts");
    refused = List.copyOf(refused);
  }

  /** A plan that refuses nothing. */
  public SyncPlan(String target, List<AgentStatus> merge, List<Skipped> skipped, ConflictMatrix conflicts) {
    this(target, merge, skipped, conflicts, List.of());
  }

  /**
   * A COMPLETE task whose status file names a branch other than the task's own (its worktree's
   * branch, or the default branch name when the worktree is gone): a status file anyone can edit
   * must not make porch merge, say, a colleague's branch.
   *
   * @param status the status as read
   * @param ownBranch the branch the task really has
   * @param reason what is wrong and what to do, for people
   */
  public record Refused(AgentStatus status, String ownBranch, String reason) {
    public Refused {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(ownBranch, "ownBranch");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** A task not merged because it would conflict with {@code conflictsWith}, merged before it. */
  public record Skipped(AgentStatus status, TaskName conflictsWith, List<String> paths) {
    public Skipped {
      paths = List.copyOf(paths);
    }
  }
}
