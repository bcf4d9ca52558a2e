package dev.porch.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.port.DiffStat;
import dev.porch.core.port.TestResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScoreTest {
  private static Optional<TestResult> tests(boolean passed, int p, int f) {
    return Optional.of(new TestResult(passed, passed ? 0 : 1, Duration.ZERO, p, f, p < 0 ? -1 : 0,
        p < 0 ? Optional.empty() : Optional.of("pytest"), List.of("t"), false));
  }

  @Test
  void of_passingOutranksFailingAndSmallerDiffWins() {
    DiffStat small = new DiffStat(1, 10, 0);
    DiffStat huge = new DiffStat(50, 9000, 3000);

    assertThat(Score.of(tests(true, 10, 0), small)).isEqualTo(110.0 - 0.01);
    assertThat(Score.of(tests(true, 10, 0), huge)).isEqualTo(105.0);
    assertThat(Score.of(tests(true, -1, -1), small)).isEqualTo(110.0 - 0.01);
    assertThat(Score.of(tests(false, 9, 1), small)).isEqualTo(45.0 - 0.01);
    assertThat(Score.of(tests(false, -1, -1), small)).isEqualTo(-0.01);
    assertThat(Score.of(Optional.empty(), DiffStat.EMPTY)).isEqualTo(100.0);
    assertThat(Score.of(tests(true, 1, 0), huge)).isGreaterThan(Score.of(tests(false, 99, 1), small));
  }
}
