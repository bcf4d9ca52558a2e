package dev.porch.core.internal.engine;

import static dev.porch.core.testing.EngineHarness.request;
import static dev.porch.core.testing.EngineHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.Decision;
import dev.porch.core.RunOptions;
import dev.porch.core.RunResult;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.pattern.Patterns;
import dev.porch.core.port.AgentActivity;
import dev.porch.core.port.Usage;
import dev.porch.core.testing.EngineHarness;
import dev.porch.core.testing.MergeAllPattern;
import dev.porch.core.testing.ScriptedLauncher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** What is judged is what is merged: work an agent leaves uncommitted, and work it never made. */
class EngineLeftoversTest {
  private final EngineHarness h = new EngineHarness();

  @Test
  void agentThatExitsWithoutCommitting_hasItsWorkCommittedOnItsBranchAndMerged() {
    h.launcher.script(task("auth-1"), new ScriptedLauncher.LeaveUncommitted(List.of("src/login.txt"), Duration.ZERO));

    RunResult r = h.run(MergeAllPattern.independent("auth", 1), request("auth"));

    AgentStatus s = h.store.read(task("auth-1")).orElseThrow();
    assertThat(s.status()).isEqualTo(AgentState.COMPLETE);
    assertThat(s.committedByPorch()).isTrue();
    assertThat(s.filesChanged()).containsExactly("src/login.txt");
    assertThat(h.git.files("feature/auth-1")).containsKey("src/login.txt");
    assertThat(h.git.uncommitted(task("auth-1"))).isEmpty();
    assertThat(h.events.ofType(OrchestrationEvent.WorkCommitted.class)).singleElement()
        .satisfies(e -> assertThat(e.commit().files()).containsExactly("src/login.txt"));
    assertThat(h.git.merges()).containsExactly("feature/auth-1->main");
    assertThat(h.git.files("main")).containsKey("src/login.txt");
    assertThat(r.decision().verdict()).isEqualTo(Decision.Verdict.MERGE);
  }

  @Test
  void agentThatWroteNoSummary_isSummedUpByItsLastMessage() {
    h.launcher.script(task("auth-1"), new ScriptedLauncher.LeaveUncommitted(List.of("a.txt"), Duration.ofSeconds(5)));
    var handle = h.start(MergeAllPattern.independent("auth", 1), request("auth")
        .withOptions(RunOptions.defaults().withProgressInterval(Duration.ofSeconds(1))));
    h.scheduler.runUntilIdle();
    h.launcher.activity(task("auth-1"), AgentActivity.NONE.withLastMessage("Fixed the add function."));
    h.scheduler.advance(Duration.ofSeconds(1));

    h.scheduler.drive(handle.result());

    AgentStatus s = h.store.read(task("auth-1")).orElseThrow();
    assertThat(s.summary()).contains("Fixed the add function.");
    assertThat(h.git.lastCommitMessage("feature/auth-1", "main")).hasValueSatisfying(m ->
        assertThat(m).startsWith("Fixed the add function."));
  }

  @Test
  void commitLeftoversOff_failsTheTaskAndCommitsNothing() {
    h.launcher.script(task("auth-1"), new ScriptedLauncher.LeaveUncommitted(List.of("a.txt", "b.txt"), Duration.ZERO));

    h.run(MergeAllPattern.independent("auth", 1), request("auth")
        .withOptions(RunOptions.defaults().withCommitLeftovers(false)));

    AgentStatus s = h.store.read(task("auth-1")).orElseThrow();
    assertThat(s.status()).isEqualTo(AgentState.FAILED);
    assertThat(s.error()).hasValueSatisfying(e -> assertThat(e).contains("left uncommitted work, nothing committed")
        .contains("a.txt, b.txt"));
    assertThat(s.committedByPorch()).isFalse();
    assertThat(h.git.uncommitted(task("auth-1"))).containsExactly("a.txt", "b.txt");
    assertThat(h.git.merges()).isEmpty();
  }

  @Test
  void agentThatReportedCompleteButLeftWorkUncommitted_isFailedWhenLeftoversAreNotCommitted() {
    h.launcher.script(task("auth-1"), ScriptedLauncher.succeedAfter(Duration.ofSeconds(5), Map.of()));
    var handle = h.start(MergeAllPattern.independent("auth", 1), request("auth")
        .withOptions(RunOptions.defaults().withCommitLeftovers(false)));
    h.scheduler.runUntilIdle();
    h.git.setDirty(task("auth-1"), List.of("scratch.txt"));
    h.store.update(task("auth-1"), s -> s.moveTo(AgentState.COMPLETE, h.clock.instant()).withSummary("done"));

    h.scheduler.drive(handle.result());

    AgentStatus s = h.store.read(task("auth-1")).orElseThrow();
    assertThat(s.status()).isEqualTo(AgentState.FAILED);
    assertThat(s.error()).hasValueSatisfying(e -> assertThat(e).contains("scratch.txt"));
  }

  @Test
  void competitive_aTaskWithNoCommitsBeyondItsBase_isNeverTheWinner() {
    h.launcher.script(task("calc-1"), new ScriptedLauncher.LeaveUncommitted(List.of(), Duration.ZERO));
    h.evaluator.pass(task("calc-1"), 5.0).pass(task("calc-2"), 1.0);

    RunResult r = h.run(Patterns.competitive(2), request("calc"));

    assertThat(r.decision().winner()).contains(task("calc-2"));
    assertThat(r.decision().reasons().get(task("calc-1"))).contains("no commits beyond its base");
    assertThat(h.git.merges()).containsExactly("feature/calc-2->main");
  }

  @Test
  void competitive_noTaskWithCommits_mergesNothingAndSaysWhy() {
    h.launcher.script(task("calc-1"), new ScriptedLauncher.LeaveUncommitted(List.of(), Duration.ZERO));
    h.launcher.script(task("calc-2"), new ScriptedLauncher.LeaveUncommitted(List.of(), Duration.ZERO));

    RunResult r = h.run(Patterns.competitive(2), request("calc"));

    assertThat(r.decision().verdict()).isEqualTo(Decision.Verdict.NOTHING);
    assertThat(r.decision().summary()).contains("no commits beyond the base: calc-1, calc-2");
    assertThat(h.git.merges()).isEmpty();
  }

  @Test
  void activity_reachesTheStatusFileWhileRunningAndStaysAfterTheEnd() {
    h.launcher.script(task("auth-1"), ScriptedLauncher.succeedAfter(Duration.ofSeconds(25), Map.of()));
    var handle = h.start(MergeAllPattern.independent("auth", 1), request("auth")
        .withOptions(RunOptions.defaults().withProgressInterval(Duration.ofSeconds(1))));
    h.scheduler.runUntilIdle();
    Usage used = new Usage(1200, 80, 2, OptionalDouble.of(0.0123));
    h.launcher.activity(task("auth-1"), AgentActivity.NONE.withSession("sess-1").withDoing("Bash: ./check.sh")
        .withUsage(used));
    h.scheduler.advance(Duration.ofSeconds(1));

    AgentStatus running = h.store.read(task("auth-1")).orElseThrow();
    assertThat(running.status()).isEqualTo(AgentState.RUNNING);
    assertThat(running.session()).contains("sess-1");
    assertThat(running.activity()).contains("Bash: ./check.sh");
    assertThat(running.usage()).contains(used);
    assertThat(h.events.ofType(OrchestrationEvent.AgentProgress.class)).last()
        .satisfies(p -> assertThat(p.activity().flatMap(AgentActivity::doing)).contains("Bash: ./check.sh"));

    h.scheduler.drive(handle.result());

    AgentStatus done = h.store.read(task("auth-1")).orElseThrow();
    assertThat(done.status()).isEqualTo(AgentState.COMPLETE);
    assertThat(done.session()).contains("sess-1");
    assertThat(done.usage()).contains(used);
    assertThat(done.activity()).isEqualTo(Optional.empty());
  }
}
