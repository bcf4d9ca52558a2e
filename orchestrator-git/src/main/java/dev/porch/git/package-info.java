/**
 * The git adapter of {@link dev.porch.core.port.WorkspaceProvider}: {@link dev.porch.git.GitWorkspaces}.
 * Everything else lives in {@code dev.porch.git.internal} and is not API.
 *
 * <p><b>Entry points.</b> {@link dev.porch.git.GitWorkspaces#open} (both halves of the workspace
 * port) and {@link dev.porch.git.GitRemotes} (porch's side of moving branches through a remote, for
 * launchers that run agents on other machines).
 */
package dev.porch.git;
