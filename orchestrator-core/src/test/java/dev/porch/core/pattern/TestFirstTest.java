package dev.porch.core.pattern;

import static dev.porch.core.testing.EngineHarness.request;
import static dev.porch.core.testing.EngineHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.AgentState;
import dev.porch.core.Decision;
import dev.porch.core.RunRequest;
import dev.porch.core.RunResult;
import dev.porch.core.port.TestCommand;
import dev.porch.core.testing.EngineHarness;
import dev.porch.core.testing.ScriptedLauncher;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestFirstTest {
  private final EngineHarness h = new EngineHarness();
  private final RunRequest req = request("calc").withTestCommand(TestCommand.of("make", "test"));

  @Test
  void plan_writerFirstThenImplementersFromItsBranch() {
    var plan = Patterns.testFirst(2).plan(req);
    assertThat(plan.names()).extracting(Object::toString).containsExactly("calc-tests", "calc-1", "calc-2");
    assertThat(plan.task(task("calc-1")).orElseThrow().startFrom()).contains(task("calc-tests"));
    assertThat(plan.task(task("calc-tests")).orElseThrow().role()).contains("test-writer");
  }

  @Test
  void plan_needsATestCommand() {
    assertThatThrownBy(() -> h.start(Patterns.testFirst(2), request("calc")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test command");
    assertThatThrownBy(() -> Patterns.testFirst(0)).hasMessageContaining("at least 1");
  }

  @Test
  void run_firstToPassWinsAndTheOthersAreCancelled() {
    h.launcher.script(task("calc-tests"), ScriptedLauncher.succeedWith(Map.of("test_calc.py", "assert add(1,2)==3\n")));
    h.launcher.script(task("calc-1"), ScriptedLauncher.hang());
    h.launcher.script(task("calc-2"), ScriptedLauncher.succeedAfter(Duration.ofMinutes(3), Map.of("calc.py", "def add\n")));
    h.launcher.script(task("calc-3"), ScriptedLauncher.succeedAfter(Duration.ofMinutes(9), Map.of("calc.py", "x\n")));

    RunResult r = h.run(Patterns.testFirst(3), req);

    assertThat(r.decision().winner()).contains(task("calc-2"));
    assertThat(r.state(task("calc-1"))).isEqualTo(AgentState.FAILED);
    assertThat(r.statuses().get(task("calc-1")).error()).contains("calc-2 passed the tests first");
    assertThat(r.state(task("calc-3"))).isEqualTo(AgentState.FAILED);
    assertThat(r.elapsed()).isLessThan(Duration.ofMinutes(9));
    assertThat(h.git.merges()).containsExactly("feature/calc-2->main");
    assertThat(h.git.files("main")).containsKeys("test_calc.py", "calc.py");
    assertThat(h.launcher.launches(task("calc-1")).get(0).request().workspace().base()).isEqualTo("feature/calc-tests");
  }

  @Test
  void run_writerFailsSoNothingRuns() {
    h.launcher.script(task("calc-tests"), ScriptedLauncher.fail(1));

    RunResult r = h.run(Patterns.testFirst(2), req);

    assertThat(r.decision().verdict()).isEqualTo(Decision.Verdict.NOTHING);
    assertThat(r.decision().summary()).contains("test writer calc-tests did not complete");
    assertThat(h.launcher.launches()).hasSize(1);
    assertThat(r.state(task("calc-1"))).isEqualTo(AgentState.FAILED);
    assertThat(h.git.hasWorktree(task("calc-1"))).isFalse();
  }

  @Test
  void run_noImplementerPasses() {
    h.evaluator.fail(task("calc-1")).fail(task("calc-2"));

    RunResult r = h.run(Patterns.testFirst(2), req);

    assertThat(r.decision().verdict()).isEqualTo(Decision.Verdict.NOTHING);
    assertThat(r.decision().summary()).contains("no implementer passed");
  }
}
