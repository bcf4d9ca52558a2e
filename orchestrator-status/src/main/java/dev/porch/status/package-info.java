/**
 * The status-file adapter: {@link dev.porch.core.port.StatusStore} over the seed protocol's {@code
 * .agent-status/<task>.json} files, the {@code events.ndjson} event log and the repository lock. The
 * one entry point is {@link dev.porch.status.StatusFiles}; everything in {@code
 * dev.porch.status.internal} may change at any time.
 */
package dev.porch.status;
