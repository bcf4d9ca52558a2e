/**
 * What the {@code porch} command gets, for embedders too. {@link dev.porch.project.Project#open}
 * finds the repository around a folder, reads its {@code .porch.json} ({@link
 * dev.porch.project.PorchConfig}), and wires the default adapters from it (git worktrees, status
 * files, agent processes, test commands) into an {@link dev.porch.core.Orchestrator} with porch's
 * run defaults ({@link dev.porch.project.Project#request}); {@link dev.porch.project.StatusWait}
 * waits on status files the way {@code porch status --watch} does; {@link
 * dev.porch.project.Durations} reads porch's durations ({@code 90s}, {@code 1h30m}).
 *
 * <p><b>Entry point.</b> {@link dev.porch.project.Project#open}. {@code PorchConfig}, {@code
 * StatusWait}, {@code Durations} and {@code Background} (a detached supervisor process, for a caller
 * that exits before its agents do) are the pieces of porch's own behaviour the CLI shares with
 * embedders.
 */
package dev.porch.project;
