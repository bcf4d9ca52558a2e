/**
 * The git adapter of {@link dev.porch.core.port.WorkspaceProvider}: {@link dev.porch.git.GitWorkspaces}.
 * Everything else lives in {@code dev.porch.git.internal} and is not API.
 */
package dev.porch.git;
