package dev.porch.agent.internal.report;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code go test} output. With {@code -v} (any {@code --- PASS}/{@code --- SKIP} line), every
 * {@code --- PASS/FAIL/SKIP: Name} line is one test, subtests included. Without it, go prints only
 * failing tests, so whole packages are counted instead: {@code ok <tab>pkg} passed, {@code
 * FAIL<tab>pkg} failed.
 */
public final class GoTestParser implements OutputParser {
  private static final Pattern TEST = Pattern.compile("^\\s*--- (PASS|FAIL|SKIP): \\S+.*$");
  private static final Pattern PKG_OK = Pattern.compile("^ok\\s*\\t\\S+.*$");
  private static final Pattern PKG_FAIL = Pattern.compile("^FAIL\\t\\S+.*$");
  private int testPassed;
  private int testFailed;
  private int testSkipped;
  private int pkgPassed;
  private int pkgFailed;

  @Override
  public void accept(String line) {
    Matcher m = TEST.matcher(line);
    if (m.matches()) {
      switch (m.group(1)) {
        case "PASS" -> testPassed++;
        case "FAIL" -> testFailed++;
        default -> testSkipped++;
      }
    } else if (PKG_OK.matcher(line).matches()) {
      pkgPassed++;
    } else if (PKG_FAIL.matcher(line).matches()) {
      pkgFailed++;
    }
  }

  @Override
  public Optional<TestCounts> result() {
    if (testPassed + testSkipped > 0) {
      return Optional.of(new TestCounts(testPassed, testFailed, testSkipped, "go"));
    }
    if (pkgPassed + pkgFailed > 0) {
      return Optional.of(new TestCounts(pkgPassed, pkgFailed, 0, "go"));
    }
    return Optional.empty();
  }
}
