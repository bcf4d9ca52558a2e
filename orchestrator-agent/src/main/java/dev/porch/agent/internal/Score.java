package dev.porch.agent.internal;

import dev.porch.core.port.DiffStat;
import dev.porch.core.port.TestResult;
import java.util.Optional;

/**
 * The evaluator's score, deterministic from the test result and the diff size:
 *
 * <pre>
 *   base    = no test command      : 100
 *             tests passed          : 100 + 10 * passedFraction
 *             tests failed          : 50 * passedFraction
 *   penalty = min(5, changedLines / 1000)
 *   score   = base - penalty
 * </pre>
 *
 * where {@code passedFraction} is passed / (passed + failed) when a report was parsed (1 when it
 * counted no tests), otherwise 1 for a passing command and 0 for a failing one. So any passing
 * candidate (105..110) outranks any failing one (-5..50), more passing tests rank higher among
 * failing candidates, and among equals a smaller change wins.
 */
public final class Score {
  private Score() {}

  /**
   * Computes the score.
   *
   * @param tests the test result, empty when no test command ran
   * @param diff the change's size
   * @return the score, between -5 and 110
   */
  public static double of(Optional<TestResult> tests, DiffStat diff) {
    double penalty = Math.min(5.0, diff.lines() / 1000.0);
    if (tests.isEmpty()) {
      return 100.0 - penalty;
    }
    TestResult t = tests.get();
    double fraction;
    if (t.hasCounts()) {
      int counted = t.passedCount() + t.failedCount();
      fraction = counted == 0 ? (t.passed() ? 1.0 : 0.0) : (double) t.passedCount() / counted;
    } else {
      fraction = t.passed() ? 1.0 : 0.0;
    }
    double base = t.passed() ? 100.0 + 10.0 * fraction : 50.0 * fraction;
    return base - penalty;
  }
}
