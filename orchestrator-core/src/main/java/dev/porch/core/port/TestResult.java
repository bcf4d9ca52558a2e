package dev.porch.core.port;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a test command did in one workspace: whether it passed, its exit code, its duration and, when
 * a report could be parsed, how many tests passed, failed and were skipped.
 *
 * @param passed true when the command exited 0 (and no parsed report says a test failed)
 * @param exitCode the command's exit code, or -1 when it timed out or could not start
 * @param duration wall time
 * @param passedCount tests that passed, or -1 when unknown
 * @param failedCount tests that failed or errored, or -1 when unknown
 * @param skippedCount tests skipped, or -1 when unknown
 * @param format where the counts came from ("junit-xml", "pytest", "go", "cargo", "tap", "node"), or
 *     empty when none was recognised
 * @param command the command as run, for reports
 * @param timedOut true when the command was stopped by its timeout
 */
public record TestResult(
    boolean passed,
    int exitCode,
    Duration duration,
    int passedCount,
    int failedCount,
    int skippedCount,
    Optional<String> format,
    List<String> command,
    boolean timedOut) {

  public TestResult {
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(format, "format");
    command = List.copyOf(command);
  }

  /** Whether counts were parsed from a report. */
  public boolean hasCounts() {
    return passedCount >= 0 && failedCount >= 0;
  }

  /** Total tests counted, or -1 when unknown. */
  public int total() {
    return hasCounts() ? passedCount + failedCount + Math.max(0, skippedCount) : -1;
  }
}
