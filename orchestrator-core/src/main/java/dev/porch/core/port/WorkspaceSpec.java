package dev.porch.core.port;

import dev.porch.core.TaskName;
import java.util.Objects;
import java.util.Optional;

/**
 * What to create for one task: its name, the branch to create (empty: the provider's default,
 * {@code feature/<task>}), and the branch or commit to start from (empty: the current branch).
 *
 * @param task the task; its worktree folder is {@code .worktrees/<task>}
 * @param branch the new branch's name, or empty for the default
 * @param base what to branch from, or empty for the repository's current branch
 */
public record WorkspaceSpec(TaskName task, Optional<String> branch, Optional<String> base) {
  public WorkspaceSpec {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(base, "base");
  }

  /** Default branch, from the current branch. */
  public static WorkspaceSpec of(TaskName task) {
    return new WorkspaceSpec(task, Optional.empty(), Optional.empty());
  }

  /** Default branch, from {@code base}. */
  public static WorkspaceSpec of(TaskName task, String base) {
    return new WorkspaceSpec(task, Optional.empty(), Optional.of(base));
  }

  /** The same spec with an explicit branch name. */
  public WorkspaceSpec withBranch(String newBranch) {
    return new WorkspaceSpec(task, Optional.of(newBranch), base);
  }
}
