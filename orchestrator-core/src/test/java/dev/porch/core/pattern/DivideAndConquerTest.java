package dev.porch.core.pattern;

import static dev.porch.core.testing.EngineHarness.request;
import static dev.porch.core.testing.EngineHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.AgentState;
import dev.porch.core.Decision;
import dev.porch.core.RunResult;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.port.MergeResult;
import dev.porch.core.testing.EngineHarness;
import dev.porch.core.testing.ScriptedLauncher;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DivideAndConquerTest {
  private final EngineHarness h = new EngineHarness();

  @Test
  void divide_validatesParts() {
    assertThatThrownBy(() -> Patterns.divide(List.of())).hasMessageContaining("at least one part");
    assertThatThrownBy(() -> Patterns.divide(List.of(Part.of("a", "x"), Part.of("a", "y"))))
        .hasMessageContaining("part a appears twice");
    assertThatThrownBy(() -> Patterns.divide(List.of(Part.of("a", "x").dependsOn("zz"))))
        .hasMessageContaining("unknown part zz");
    assertThatThrownBy(() -> Part.of("a", "x").dependsOn("b", "c").startingFromDependency())
        .hasMessageContaining("exactly one");
    assertThatThrownBy(() -> Part.of("Bad Name", "x")).hasMessageContaining("not allowed");
  }

  @Test
  void run_mergesCompletePartsInDependencyOrder() {
    var pattern = Patterns.divide(List.of(Part.of("ui", "UI").dependsOn("api").startingFromDependency(),
        Part.of("api", "API"), Part.of("docs", "Docs")));

    RunResult r = h.run(pattern, request("shop"));

    assertThat(r.decision().merge()).containsExactly(task("shop-api"), task("shop-ui"), task("shop-docs"));
    assertThat(h.git.merges()).containsExactly("feature/shop-api->main", "feature/shop-ui->main",
        "feature/shop-docs->main");
    var uiLaunch = h.launcher.launches(task("shop-ui")).get(0);
    assertThat(uiLaunch.request().workspace().base()).isEqualTo("feature/shop-api");
    assertThat(uiLaunch.storeStates()).containsEntry(task("shop-api"), AgentState.COMPLETE);
    assertThat(h.git.files("main")).containsKeys("shop-api.txt", "shop-ui.txt", "shop-docs.txt");
  }

  @Test
  void run_conflictingPartIsRefusedAndReported() {
    h.launcher.script(task("f-a"), ScriptedLauncher.succeedWith(Map.of("shared.txt", "from a\n")));
    h.launcher.script(task("f-b"), ScriptedLauncher.succeedWith(Map.of("shared.txt", "from b\n")));
    var pattern = Patterns.divide(List.of(Part.of("a", "A"), Part.of("b", "B"), Part.of("c", "C")));

    RunResult r = h.run(pattern, request("f"));

    MergeResult b = r.merges().get(task("f-b"));
    assertThat(b.status()).isEqualTo(MergeResult.Status.CONFLICT);
    assertThat(b.conflicts()).containsExactly("shared.txt");
    assertThat(b.message()).hasValueSatisfying(m -> assertThat(m).contains("predicted to conflict with feature/f-a"));
    assertThat(h.git.merges()).containsExactly("feature/f-a->main", "feature/f-c->main");
    assertThat(h.events.ofType(OrchestrationEvent.ConflictsPredicted.class)).hasSize(1);
    assertThat(h.orchestrator()).isNotNull();
    assertThat(r.mergedCleanly()).isFalse();
  }

  @Test
  void run_failedPartFailsDependentsAndIsReported() {
    h.launcher.script(task("f-api"), ScriptedLauncher.fail(2));
    var pattern = Patterns.divide(List.of(Part.of("api", "A"), Part.of("ui", "U").dependsOn("api"),
        Part.of("docs", "D")));

    RunResult r = h.run(pattern, request("f"));

    assertThat(r.state(task("f-ui"))).isEqualTo(AgentState.FAILED);
    assertThat(r.statuses().get(task("f-ui")).error()).contains("dependency f-api failed");
    assertThat(h.launcher.launches(task("f-ui"))).isEmpty();
    assertThat(r.decision().verdict()).isEqualTo(Decision.Verdict.MERGE);
    assertThat(r.decision().merge()).containsExactly(task("f-docs"));
    assertThat(r.decision().summary()).contains("not complete: f-api, f-ui");
  }
}
