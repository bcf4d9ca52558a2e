package dev.porch.core.pattern;

import static dev.porch.core.testing.EngineHarness.request;
import static dev.porch.core.testing.EngineHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.Decision;
import dev.porch.core.RunRequest;
import dev.porch.core.RunResult;
import dev.porch.core.port.TestCommand;
import dev.porch.core.testing.EngineHarness;
import org.junit.jupiter.api.Test;

class SafetyNetTest {
  private final EngineHarness h = new EngineHarness();
  private final RunRequest req = request("mig").withTestCommand(TestCommand.of("make", "test"));

  @Test
  void safetyNet_validates() {
    assertThatThrownBy(() -> Patterns.safetyNet(1, 1)).hasMessageContaining("at least 2");
    assertThatThrownBy(() -> Patterns.safetyNet(3, 4)).hasMessageContaining("from 1 to 3");
    assertThatThrownBy(() -> Patterns.safetyNet(3, 0)).hasMessageContaining("from 1 to 3");
    assertThatThrownBy(() -> Patterns.safetyNet(3, 2).plan(request("mig"))).hasMessageContaining("test command");
  }

  @Test
  void run_belowK_mergesNothingAndSaysWhy() {
    h.evaluator.pass(task("mig-1"), 0.9).fail(task("mig-2")).fail(task("mig-3"));

    RunResult r = h.run(Patterns.safetyNet(3, 2), req);

    assertThat(r.decision().verdict()).isEqualTo(Decision.Verdict.NOTHING);
    assertThat(r.decision().summary()).isEqualTo(
        "only 1 of 3 agents passed the tests; 2 must pass before anything is merged");
    assertThat(h.git.merges()).isEmpty();
  }

  @Test
  void run_atLeastK_mergesTheBest() {
    h.evaluator.pass(task("mig-1"), 0.5).pass(task("mig-2"), 0.7).fail(task("mig-3"));

    RunResult r = h.run(Patterns.safetyNet(3, 2), req);

    assertThat(r.decision().merge()).containsExactly(task("mig-2"));
    assertThat(r.decision().discard()).containsExactly(task("mig-1"), task("mig-3"));
    assertThat(h.git.merges()).containsExactly("feature/mig-2->main");
  }
}
