/**
 * A new worktree's environment, everything that is not git: the files {@code .worktreeinclude}
 * lists, Cursor's {@code .cursor/worktrees.json} setup commands, porch's own setup command and the
 * {@code PORCH_PORT} registry. Uses the git internals ({@code Layout}, {@code GitCli}); they never
 * use this package. The only part of the git module that reads JSON (with Jackson).
 */
package dev.porch.git.internal.env;
