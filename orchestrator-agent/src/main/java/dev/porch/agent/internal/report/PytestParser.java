package dev.porch.agent.internal.report;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pytest's final summary line, e.g. {@code ==== 3 passed, 1 failed, 2 skipped in 0.12s ====} or,
 * with {@code -q}, {@code 3 passed, 1 failed in 0.12s}. The last such line wins. Errors count as
 * failed, xfailed as skipped, xpassed as passed.
 */
public final class PytestParser implements OutputParser {
  private static final Pattern SUMMARY = Pattern.compile(
      "^=*\\s*((?:\\d+ (?:passed|failed|skipped|errors?|xfailed|xpassed|deselected|warnings?|rerun)(?:, )?)+)"
          + " in [\\d.]+s\\b.*$|^=*\\s*no tests ran in [\\d.]+s\\b.*$");
  private static final Pattern ITEM = Pattern.compile("(\\d+) ([a-z]+)");
  private TestCounts result;

  @Override
  public void accept(String line) {
    Matcher m = SUMMARY.matcher(line.strip());
    if (!m.matches()) {
      return;
    }
    if (m.group(1) == null) {
      result = new TestCounts(0, 0, 0, "pytest");
      return;
    }
    int passed = 0;
    int failed = 0;
    int skipped = 0;
    Matcher item = ITEM.matcher(m.group(1));
    while (item.find()) {
      int n = Integer.parseInt(item.group(1));
      switch (item.group(2)) {
        case "passed", "xpassed" -> passed += n;
        case "failed", "error", "errors" -> failed += n;
        case "skipped", "xfailed" -> skipped += n;
        default -> { }
      }
    }
    result = new TestCounts(passed, failed, skipped, "pytest");
  }

  @Override
  public Optional<TestCounts> result() {
    return Optional.ofNullable(result);
  }
}
