package dev.porch.status.internal;

import java.time.Duration;
import java.time.ZoneId;

/**
 * A file store's settings, checked by the public builder.
 *
 * @param pollInterval how often a polling watcher looks at the folder
 * @param forcePolling poll even where a native WatchService exists
 * @param maxFileSize larger status files are refused unread
 * @param lockTimeout the longest a write waits for another writer of the same task
 * @param localZone the zone for date-times written without an offset
 */
public record Settings(
    Duration pollInterval, boolean forcePolling, long maxFileSize, Duration lockTimeout, ZoneId localZone) {}
