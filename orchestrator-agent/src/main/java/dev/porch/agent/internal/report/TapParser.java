package dev.porch.agent.internal.report;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test Anything Protocol: {@code 1..N} plan, {@code ok N} and {@code not ok N} results (top level
 * only; indented subtests are ignored). {@code # SKIP} counts as skipped, {@code not ok ... # TODO}
 * as skipped too (TAP says it is not a failure). Tests the plan announces but that never reported
 * (a crash) count as failed.
 */
public final class TapParser implements OutputParser {
  private static final Pattern PLAN = Pattern.compile("^1\\.\\.(\\d+)(?:\\s.*)?$");
  private static final Pattern RESULT = Pattern.compile("^(not )?ok (\\d+)\\b(.*)$");
  private int planned = -1;
  private int passed;
  private int failed;
  private int skipped;

  @Override
  public void accept(String line) {
    Matcher plan = PLAN.matcher(line);
    if (plan.matches()) {
      planned = Integer.parseInt(plan.group(1));
      return;
    }
    Matcher m = RESULT.matcher(line);
    if (!m.matches()) {
      return;
    }
    String directive = m.group(3).toUpperCase(Locale.ROOT);
    boolean ok = m.group(1) == null;
    if (directive.contains("# SKIP") || (!ok && directive.contains("# TODO"))) {
      skipped++;
    } else if (ok) {
      passed++;
    } else {
      failed++;
    }
  }

  @Override
  public Optional<TestCounts> result() {
    int seen = passed + failed + skipped;
    if (seen == 0 && planned < 0) {
      return Optional.empty();
    }
    int missing = Math.max(0, planned - seen);
    return Optional.of(new TestCounts(passed, failed + missing, skipped, "tap"));
  }
}
