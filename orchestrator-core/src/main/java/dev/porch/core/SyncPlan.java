package dev.porch.core;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Workflow#merge} will merge, and what it skips because of a predicted conflict.
 *
 * @param target the branch merged into
 * @param merge COMPLETE tasks to merge, in order
 * @param skipped COMPLETE tasks left out, each with the task it conflicts with and the paths
 * @param conflicts the full pairwise prediction
 */
public record SyncPlan(String target, List<AgentStatus> merge, List<Skipped> skipped, ConflictMatrix conflicts) {
  public SyncPlan {
    Objects.requireNonNull(target, "target");
    merge = List.copyOf(merge);
    skipped = List.copyOf(skipped);
    Objects.requireNonNull(conflicts, "conflicts");
  }

  /** A task not merged because it would conflict with {@code conflictsWith}, merged before it. */
  public record Skipped(AgentStatus status, TaskName conflictsWith, List<String> paths) {
    public Skipped {
      paths = List.copyOf(paths);
    }
  }
}
