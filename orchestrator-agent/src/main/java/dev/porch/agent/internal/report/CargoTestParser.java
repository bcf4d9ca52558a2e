package dev.porch.agent.internal.report;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code cargo test}'s per-binary summaries, e.g. {@code test result: ok. 5 passed; 0 failed; 1
 * ignored; 0 measured; 0 filtered out; finished in 0.00s}, summed over every binary (unit tests,
 * integration tests, doc tests). Ignored counts as skipped.
 */
public final class CargoTestParser implements OutputParser {
  private static final Pattern RESULT =
      Pattern.compile("^test result: (?:ok|FAILED)\\. (\\d+) passed; (\\d+) failed; (\\d+) ignored\\b.*$");
  private int passed;
  private int failed;
  private int skipped;
  private boolean seen;

  @Override
  public void accept(String line) {
    Matcher m = RESULT.matcher(line.strip());
    if (m.matches()) {
      seen = true;
      passed += Integer.parseInt(m.group(1));
      failed += Integer.parseInt(m.group(2));
      skipped += Integer.parseInt(m.group(3));
    }
  }

  @Override
  public Optional<TestCounts> result() {
    return seen ? Optional.of(new TestCounts(passed, failed, skipped, "cargo")) : Optional.empty();
  }
}
