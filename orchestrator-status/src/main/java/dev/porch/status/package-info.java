/**
 * The status-file adapter: {@link dev.porch.core.port.StatusStore} over the seed protocol's {@code
 * .agent-status/<task>.json} files, the {@code events.ndjson} event log and the repository lock. The
 * one entry point is {@link dev.porch.status.StatusFiles}; everything in {@code
 * dev.porch.status.internal} may change at any time.
 *
 * <p><b>Entry point.</b> {@link dev.porch.status.StatusFiles} ({@code open}, {@code builder}, {@code
 * eventLog}, {@code readEvents}, {@code lock}); the other public types are what those return
 * ({@code EventLog}, {@code EventRecord}, {@code RepositoryLock}) or throw ({@code
 * RepositoryLockedException} naming its {@code LockHolder}).
 */
package dev.porch.status;
