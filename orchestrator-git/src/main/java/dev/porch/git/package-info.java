/**
 * The git adapter: {@link dev.porch.git.GitWorkspaces} implements porch's {@code WorkspaceProvider}
 * port over git worktrees and branches.
 */
package dev.porch.git;
