package dev.porch.agent.internal.report;

/**
 * Tests counted in a report.
 *
 * @param passed tests that passed
 * @param failed tests that failed or errored
 * @param skipped tests skipped or ignored
 * @param format where the counts came from, e.g. {@code pytest}
 */
public record TestCounts(int passed, int failed, int skipped, String format) {
  public TestCounts {
    if (passed < 0 || failed < 0 || skipped < 0) {
      throw new IllegalArgumentException("test counts cannot be negative");
    }
  }
}
