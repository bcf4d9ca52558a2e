package dev.porch.core.pattern;

import static dev.porch.core.testing.EngineHarness.request;
import static dev.porch.core.testing.EngineHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.AgentState;
import dev.porch.core.Decision;
import dev.porch.core.RunRequest;
import dev.porch.core.RunResult;
import dev.porch.core.testing.EngineHarness;
import dev.porch.core.testing.ScriptedLauncher;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplorationTest {
  private final EngineHarness h = new EngineHarness();
  private final RunRequest req = request("live");
  private final Map<String, String> approaches = new LinkedHashMap<>();

  {
    approaches.put("ws", "Use WebSockets");
    approaches.put("sse", "Use server-sent events");
    approaches.put("poll", "Use polling");
  }

  @Test
  void plan_oneTaskPerApproachWithItsOwnPrompt() {
    var plan = Patterns.explore(approaches).plan(req);
    assertThat(plan.names()).extracting(Object::toString).containsExactly("live-ws", "live-sse", "live-poll");
    assertThat(plan.task(task("live-sse")).orElseThrow().prompt()).contains("implement live").contains("server-sent");
  }

  @Test
  void explore_validates() {
    assertThatThrownBy(() -> Patterns.explore(Map.of())).hasMessageContaining("at least one approach");
    assertThatThrownBy(() -> Patterns.explore(approaches).choose("grpc")).hasMessageContaining("cannot choose grpc");
    assertThatThrownBy(() -> Patterns.explore(Map.of("ok", " "))).hasMessageContaining("empty prompt");
  }

  @Test
  void run_reviewWithRankingAndSideBySideReport() {
    h.evaluator.pass(task("live-ws"), 0.4).pass(task("live-sse"), 0.8);
    h.launcher.script(task("live-poll"), ScriptedLauncher.fail(1));
    ExplorationPattern p = Patterns.explore(approaches);

    RunResult r = h.run(p, req);

    assertThat(r.decision().verdict()).isEqualTo(Decision.Verdict.REVIEW);
    assertThat(r.decision().ranking()).containsExactly(task("live-sse"), task("live-ws"));
    assertThat(r.decision().summary()).contains("choose one").contains("sse");
    assertThat(h.git.merges()).isEmpty();
    var report = p.report(h.orchestrator() == null ? null : viewOf(r));
    assertThat(report.rows()).extracting(ExplorationReport.Row::approach).containsExactly("sse", "ws", "poll");
    assertThat(report.rows().get(2).state()).isEqualTo(AgentState.FAILED);
    assertThat(report.table()).contains("approach").contains("pass");
  }

  @Test
  void resume_withAChoiceMergesItWithoutRunningAgain() {
    ExplorationPattern p = Patterns.explore(approaches);
    RunResult first = h.run(p, req);
    int launches = h.launcher.launches().size();

    RunResult second = h.scheduler.drive(h.orchestrator().resume(first.runId(), p.choose("ws"), req).result());

    assertThat(h.launcher.launches()).hasSize(launches);
    assertThat(second.decision().merge()).containsExactly(task("live-ws"));
    assertThat(h.git.merges()).containsExactly("feature/live-ws->main");
  }

  private dev.porch.core.pattern.RunView viewOf(RunResult r) {
    return new dev.porch.core.internal.engine.RunSnapshot(r.runId(), req, Patterns.explore(approaches).plan(req), r.statuses(),
        r.evaluations(), Map.of(), java.util.Optional.empty(), h.clock.instant(), h.clock.instant());
  }
}
