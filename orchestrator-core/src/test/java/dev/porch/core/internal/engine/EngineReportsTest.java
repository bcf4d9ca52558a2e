package dev.porch.core.internal.engine;

import static dev.porch.core.testing.EngineHarness.request;
import static dev.porch.core.testing.EngineHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.Decision;
import dev.porch.core.Plan;
import dev.porch.core.RunRequest;
import dev.porch.core.RunResult;
import dev.porch.core.TaskName;
import dev.porch.core.TaskSpec;
import dev.porch.core.error.PorchException;
import dev.porch.core.error.TaskExistsException;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.pattern.OrchestrationPattern;
import dev.porch.core.pattern.PatternAction;
import dev.porch.core.pattern.RunView;
import dev.porch.core.testing.EngineHarness;
import dev.porch.core.testing.MergeAllPattern;
import dev.porch.core.testing.ScriptedLauncher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Agents reporting for themselves, and user code or ports that throw. */
class EngineReportsTest {
  private final EngineHarness h = new EngineHarness();

  @Test
  void agentMarksItselfComplete_itsSummaryStands() {
    h.launcher.script(task("auth-1"), new ScriptedLauncher.MarkComplete("Implemented 5 endpoints, 12 tests passing",
        Map.of("api.ts", "x\n"), Duration.ofMinutes(2)));

    RunResult r = h.run(MergeAllPattern.independent("auth", 1), request("auth"));

    AgentStatus s = r.statuses().get(task("auth-1"));
    assertThat(s.status()).isEqualTo(AgentState.COMPLETE);
    assertThat(s.summary()).contains("Implemented 5 endpoints, 12 tests passing");
    assertThat(s.filesChanged()).containsExactly("api.ts");
    assertThat(h.events.ofType(OrchestrationEvent.StateChanged.class))
        .anySatisfy(e -> assertThat(e.reason()).contains("reported by the agent"));
    assertThat(h.git.merges()).hasSize(1);
  }

  @Test
  void agentMarksItselfBlocked_itStandsAndDependentsWait() {
    h.launcher.script(task("f-a"), new ScriptedLauncher.MarkBlocked("need the API key"));
    TaskSpec a = TaskSpec.of(task("f-a"), "a");
    TaskSpec b = TaskSpec.builder().name(task("f-b")).prompt("b").addDependsOn(task("f-a")).build();

    RunResult r = h.run(new MergeAllPattern(List.of(a, b)), request("f"));

    assertThat(r.state(task("f-a"))).isEqualTo(AgentState.BLOCKED);
    assertThat(r.statuses().get(task("f-a")).error().orElse("")).contains("need the API key");
    assertThat(h.events.ofType(OrchestrationEvent.StateChanged.class)).as("what the agent asks reaches listeners (notify)")
        .anySatisfy(e -> {
          assertThat(e.to()).isEqualTo(AgentState.BLOCKED);
          assertThat(e.taskName()).isEqualTo(task("f-a"));
          assertThat(e.reason()).hasValue("reported by the agent: need the API key");
        });
    assertThat(r.state(task("f-b"))).isEqualTo(AgentState.BLOCKED);
    assertThat(h.launcher.launches(task("f-b"))).isEmpty();
    assertThat(r.decision().verdict()).isEqualTo(Decision.Verdict.NOTHING);
  }

  @Test
  void launcherThrows_onlyThatTaskFails() {
    h.launcher.script(task("auth-1"), new ScriptedLauncher.Refuse("unknown agent profile 'claud'"));

    RunResult r = h.run(MergeAllPattern.independent("auth", 2), request("auth"));

    assertThat(r.state(task("auth-1"))).isEqualTo(AgentState.FAILED);
    assertThat(r.statuses().get(task("auth-1")).error().orElse("")).contains("could not launch").contains("claud");
    assertThat(r.state(task("auth-2"))).isEqualTo(AgentState.COMPLETE);
    assertThat(r.problems()).anySatisfy(p -> assertThat(p.step()).isEqualTo("launch"));
  }

  @Test
  void setUpFails_taskFailsWithoutLaunching() {
    h.git.failSetUpOf(task("auth-2"), "npm install exited 1");

    RunResult r = h.run(MergeAllPattern.independent("auth", 2), request("auth"));

    assertThat(r.statuses().get(task("auth-2")).error().orElse("")).contains("setup failed: npm install exited 1");
    assertThat(h.launcher.launches(task("auth-2"))).isEmpty();
    assertThat(h.store.read(task("auth-2")).orElseThrow().status()).isEqualTo(AgentState.FAILED);
  }

  @Test
  void createFails_everyTaskFailsAndNothingIsWritten() {
    h.git.failCreateOf(task("auth-2"));

    RunResult r = h.run(MergeAllPattern.independent("auth", 2), request("auth"));

    assertThat(r.statuses().values()).allSatisfy(s -> assertThat(s.error()).hasValueSatisfying(
        e -> assertThat(e).contains("could not create its workspace")));
    assertThat(h.store.list().statuses()).isEmpty();
    assertThat(r.decision().verdict()).isEqualTo(Decision.Verdict.NOTHING);
  }

  @Test
  void evaluatorThrows_countsAsNotPassing() {
    h.evaluator.throwing(task("auth-1"), "disk full");

    RunResult r = h.run(dev.porch.core.pattern.Patterns.competitive(2), request("auth"));

    assertThat(r.evaluations().get(task("auth-1")).passed()).isFalse();
    assertThat(r.decision().winner()).contains(task("auth-2"));
    assertThat(r.problems()).anySatisfy(p -> assertThat(p.message()).contains("disk full"));
  }

  @Test
  void throwingListener_othersGetAProblemAndTheRunGoesOn() {
    var others = new dev.porch.core.testing.RecordingListener();
    var o = dev.porch.core.Orchestrator.builder().workspaces(h.git).statusStore(h.store).launcher(h.launcher)
        .evaluator(h.evaluator).clock(h.clock).scheduler(h.scheduler)
        .listener(OrchestrationEvent.AgentStarted.class, e -> {
          throw new IllegalStateException("listener bug");
        })
        .listener(others).build();

    RunResult r = h.scheduler.drive(o.start(MergeAllPattern.independent("auth", 1), request("auth")).result());

    assertThat(r.decision().verdict()).isEqualTo(Decision.Verdict.MERGE);
    var problems = others.ofType(OrchestrationEvent.Problem.class);
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.step()).isEqualTo("listener");
      assertThat(p.message()).contains("listener bug").contains("agent-started");
    });
    // after the event it is about (each listener has its own lane, so not necessarily right after)
    assertThat(others.types().indexOf("problem")).isGreaterThan(others.types().indexOf("agent-started"));
  }

  @Test
  void throwingPattern_progressIsReportedAndDecideMeansNothing() {
    OrchestrationPattern bad = new OrchestrationPattern() {
      public String name() {
        return "bad";
      }

      public Plan plan(RunRequest r) {
        return MergeAllPattern.independent("auth", 2).plan(r);
      }

      public List<PatternAction> onProgress(RunView v) {
        throw new IllegalStateException("progress bug");
      }

      public Decision decide(RunView v) {
        throw new IllegalStateException("decide bug");
      }
    };

    RunResult r = h.run(bad, request("auth"));

    assertThat(r.decision().verdict()).isEqualTo(Decision.Verdict.NOTHING);
    assertThat(r.decision().summary()).contains("pattern bad failed to decide").contains("decide bug");
    assertThat(r.problems()).anySatisfy(p -> assertThat(p.message()).contains("progress bug"));
    assertThat(r.statuses().values()).allSatisfy(s -> assertThat(s.status()).isEqualTo(AgentState.COMPLETE));
    assertThat(h.git.merges()).isEmpty();
  }

  @Test
  void throwingPlan_isReportedToTheCaller() {
    assertThatThrownBy(() -> h.start(new MergeAllPattern(List.of()), request("auth")))
        .isInstanceOf(dev.porch.core.error.InvalidPlanException.class);
    OrchestrationPattern bad = new OrchestrationPattern() {
      public String name() {
        return "bad";
      }

      public Plan plan(RunRequest r) {
        throw new IllegalStateException("plan bug");
      }

      public Decision decide(RunView v) {
        return Decision.nothing("x");
      }
    };
    assertThatThrownBy(() -> h.start(bad, request("auth"))).isInstanceOf(PorchException.class)
        .hasMessageContaining("pattern bad could not plan auth").hasMessageContaining("plan bug");
  }

  @Test
  void start_refusesTasksThatAlreadyHaveAStatus() {
    h.run(MergeAllPattern.independent("auth", 1), request("auth"));

    assertThatThrownBy(() -> h.start(MergeAllPattern.independent("auth", 1), request("auth")))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("auth-1 already has a status file (COMPLETE")
        .isInstanceOfSatisfying(TaskExistsException.class, e -> {
          // data, not a command line: the CLI words the hint (porch cleanup auth) from feature()
          assertThat(e.feature()).isEqualTo(TaskName.of("auth"));
          assertThat(e.state()).isEqualTo(AgentState.COMPLETE);
          assertThat(e.run()).isPresent();
          assertThat(e.hints()).noneMatch(x -> x.contains("porch "));
        });
  }

  @Test
  void decisionNamingAFailedTask_isNotMerged() {
    h.launcher.script(task("auth-1"), ScriptedLauncher.fail(1));
    OrchestrationPattern greedy = new OrchestrationPattern() {
      public String name() {
        return "greedy";
      }

      public Plan plan(RunRequest r) {
        return MergeAllPattern.independent("auth", 2).plan(r);
      }

      public Decision decide(RunView v) {
        return Decision.builder().verdict(Decision.Verdict.MERGE).addMerge(task("auth-1"), task("auth-2"))
            .summary("all").build();
      }
    };

    RunResult r = h.run(greedy, request("auth"));

    assertThat(r.merges().get(task("auth-1")).status()).isEqualTo(dev.porch.core.port.MergeResult.Status.FAILED);
    assertThat(h.git.merges()).containsExactly("feature/auth-2->main");
  }
}
