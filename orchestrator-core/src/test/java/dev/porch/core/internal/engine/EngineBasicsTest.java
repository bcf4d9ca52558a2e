package dev.porch.core.internal.engine;

import static dev.porch.core.testing.EngineHarness.request;
import static dev.porch.core.testing.EngineHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.Decision;
import dev.porch.core.Orchestrator;
import dev.porch.core.RunResult;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.testing.EngineHarness;
import dev.porch.core.testing.MergeAllPattern;
import dev.porch.core.testing.ScriptedLauncher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineBasicsTest {
  private final EngineHarness h = new EngineHarness();

  @Test
  void run_allSucceed_mergesEveryBranchAndWritesSeedStatuses() {
    RunResult r = h.run(MergeAllPattern.independent("auth", 2), request("auth"));

    assertThat(r.decision().verdict()).isEqualTo(Decision.Verdict.MERGE);
    assertThat(h.git.merges()).containsExactly("feature/auth-1->main", "feature/auth-2->main");
    AgentStatus s = h.store.read(task("auth-1")).orElseThrow();
    assertThat(s.status()).isEqualTo(AgentState.COMPLETE);
    assertThat(s.branch()).isEqualTo("feature/auth-1");
    assertThat(s.worktree()).isEqualTo(".worktrees/auth-1");
    assertThat(s.run()).contains(r.runId());
    assertThat(s.pattern()).contains("merge-all");
    assertThat(s.log()).contains(".agent-status/logs/auth-1.log");
    assertThat(s.started()).isPresent();
    assertThat(s.completed()).isPresent();
    assertThat(s.filesChanged()).containsExactly("auth-1.txt");
    assertThat(s.summary()).contains("work on auth-1");
    assertThat(s.score()).hasValue(1.0);
    assertThat(s.pid()).isPresent();
    assertThat(r.problems()).isEmpty();
    assertThat(r.merges().get(task("auth-1")).commit()).isPresent();
  }

  @Test
  void run_eventsInOrder() {
    RunResult r = h.run(MergeAllPattern.independent("auth", 1), request("auth"));

    assertThat(h.events.types()).containsExactly("run-started", "workspace-created", "state-changed",
        "state-changed", "agent-started", "agent-ended", "state-changed", "evaluated", "decided", "merged",
        "run-finished");
    OrchestrationEvent.RunFinished end = h.events.ofType(OrchestrationEvent.RunFinished.class).get(0);
    assertThat(end.succeeded()).isTrue();
    assertThat(end.runId()).isEqualTo(r.runId());
  }

  @Test
  void stateChanged_isPostedOnceItsStatusIsInTheStore() {
    // Status writes run on the task's lane, off the actor, and the event follows the write it tells
    // of: when a listener hears of a state, the store holds it (or a later one, as delivery lags).
    List<AgentState> order = List.of(AgentState.PENDING, AgentState.RUNNING, AgentState.COMPLETE);
    List<String> behind = new ArrayList<>();
    List<OrchestrationEvent.StateChanged> heard = new ArrayList<>();
    Orchestrator o = Orchestrator.builder().workspaces(h.git).statusStore(h.store).launcher(h.launcher)
        .evaluator(h.evaluator).clock(h.clock).scheduler(h.scheduler)
        .listener(OrchestrationEvent.StateChanged.class, e -> {
          heard.add(e);
          AgentState stored = h.store.read(e.taskName()).map(AgentStatus::status).orElse(null);
          if (stored == null || order.indexOf(stored) < order.indexOf(e.to())) {
            behind.add(e.taskName() + " heard " + e.to() + " but stored " + stored);
          }
        })
        .build();

    h.scheduler.drive(o.start(MergeAllPattern.independent("auth", 2), request("auth")).result());

    assertThat(heard).extracting(OrchestrationEvent.StateChanged::to).hasSize(6).containsOnlyElementsOf(order);
    assertThat(behind).isEmpty();
  }

  @Test
  void run_summaryComesFromResultsMd() {
    h.launcher.script(task("auth-1"), ScriptedLauncher.succeedWith(Map.of("RESULTS.md",
        "# Results\n\n- Implemented the login form\n- 3 tests\n", "a.txt", "x\n")));

    h.run(MergeAllPattern.independent("auth", 1), request("auth"));

    assertThat(h.store.read(task("auth-1")).orElseThrow().summary()).contains("Implemented the login form");
    assertThat(h.git.files("main")).containsKey("a.txt");
  }

  @Test
  void run_exitNonZero_failsWithExitCodeAndLogTail() {
    h.launcher.script(task("auth-1"), ScriptedLauncher.fail(3));

    RunResult r = h.run(MergeAllPattern.independent("auth", 2), request("auth"));

    AgentStatus s = r.statuses().get(task("auth-1"));
    assertThat(s.status()).isEqualTo(AgentState.FAILED);
    assertThat(s.exitCode()).hasValue(3);
    assertThat(s.error()).hasValueSatisfying(e -> assertThat(e).contains("code 3").contains("scripted failure 3"));
    assertThat(h.launcher.launches(task("auth-1"))).hasSize(1);
    assertThat(h.git.merges()).containsExactly("feature/auth-2->main");
  }
}
