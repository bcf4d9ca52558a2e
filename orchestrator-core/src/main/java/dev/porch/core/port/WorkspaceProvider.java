package dev.porch.core.port;

import java.util.Objects;

/**
 * Port: both halves of what the engine needs from version control, {@link Worktrees} (the tasks'
 * workspaces) and {@link Branches} (questions about branches, and merges). The default adapter,
 * {@code dev.porch.git.GitWorkspaces.open(repo)}, is one; an embedder who brings only one half
 * joins it to another with {@link #of}.
 *
 * <pre>{@code
 * WorkspaceProvider git = GitWorkspaces.open(Path.of("."));
 * List<Workspace> ws = git.create(List.of(WorkspaceSpec.of(TaskName.of("auth-1"), "main")));
 * MergeResult r = git.merge(ws.get(0).branch(), "main", "Merge auth-1: login form");
 * }</pre>
 */
public interface WorkspaceProvider extends Worktrees, Branches {
  /**
   * Joins a worktree lifecycle and a branch half into one provider; each call goes to the half
   * that declares it (the defaults of each half included).
   *
   * @param worktrees the workspaces' lifecycle
   * @param branches the branch questions and merges
   * @return a provider delegating to both
   * @throws NullPointerException if either is null
   */
  static WorkspaceProvider of(Worktrees worktrees, Branches branches) {
    return new JoinedWorkspaces(Objects.requireNonNull(worktrees, "worktrees"),
        Objects.requireNonNull(branches, "branches"));
  }
}
