package dev.porch.core.port;

import dev.porch.core.TaskName;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A task's isolated working copy: by default a git worktree at {@code .worktrees/<task>} on branch
 * {@code feature/<task>}.
 *
 * @param task the task
 * @param path absolute path of the working copy
 * @param relativePath the path as written in status files, e.g. {@code .worktrees/auth-1}
 * @param branch the branch checked out in it
 * @param base the branch (or commit) it was made from
 * @param baseCommit the commit id of {@code base} when it was made
 * @param port the {@code PORCH_PORT} for this workspace, or empty if none was assigned
 */
public record Workspace(
    TaskName task,
    Path path,
    String relativePath,
    String branch,
    String base,
    String baseCommit,
    OptionalInt port) {
  public Workspace {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(relativePath, "relativePath");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(baseCommit, "baseCommit");
    Objects.requireNonNull(port, "port");
  }
}
