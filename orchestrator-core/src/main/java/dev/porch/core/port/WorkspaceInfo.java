package dev.porch.core.port;

import dev.porch.core.TaskName;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code git worktree list}: what exists on disk and in git's admin area, whether or
 * not porch made it.
 *
 * @param path absolute path of the worktree
 * @param head the commit checked out, or empty for an unborn branch
 * @param branch the branch checked out (short name), or empty when detached
 * @param main true for the repository's main worktree
 * @param locked true when locked ({@code git worktree lock})
 * @param prunable true when git would prune it (its folder is gone)
 * @param task the task it belongs to, when it lies directly under {@code .worktrees/} with a valid
 *     task name
 */
public record WorkspaceInfo(
    Path path,
    Optional<String> head,
    Optional<String> branch,
    boolean main,
    boolean locked,
    boolean prunable,
    Optional<TaskName> task) {
  public WorkspaceInfo {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(task, "task");
  }
}
