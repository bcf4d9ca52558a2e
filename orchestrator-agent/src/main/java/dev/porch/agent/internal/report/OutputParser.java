package dev.porch.agent.internal.report;

import java.util.Optional;

/** Recognises one test tool's summary in a command's output, fed line by line. Not thread-safe. */
public interface OutputParser {
  /**
   * Reads one line of output (without its line break).
   *
   * @param line the line
   */
  void accept(String line);

  /** The counts, once a summary was recognised. */
  Optional<TestCounts> result();

  /**
   * Feeds every line of {@code text} and returns the result; for tests and small outputs.
   *
   * @param text the output
   * @return the counts, if recognised
   */
  default Optional<TestCounts> parse(String text) {
    text.lines().forEach(this::accept);
    return result();
  }
}
