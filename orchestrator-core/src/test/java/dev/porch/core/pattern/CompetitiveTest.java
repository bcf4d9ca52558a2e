package dev.porch.core.pattern;

import static dev.porch.core.testing.EngineHarness.request;
import static dev.porch.core.testing.EngineHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.AgentState;
import dev.porch.core.Decision;
import dev.porch.core.RunOptions;
import dev.porch.core.RunResult;
import dev.porch.core.TaskName;
import dev.porch.core.port.TestCommand;
import dev.porch.core.testing.EngineHarness;
import dev.porch.core.testing.ScriptedLauncher;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompetitiveTest {
  private final EngineHarness h = new EngineHarness();

  @Test
  void plan_seedNamingSamePrompt() {
    var plan = Patterns.competitive(3).plan(request("auth"));
    assertThat(plan.names()).extracting(TaskName::value).containsExactly("auth-1", "auth-2", "auth-3");
    assertThat(plan.tasks()).allSatisfy(t -> assertThat(t.prompt()).isEqualTo("implement auth"));
  }

  @Test
  void competitive_fewerThanTwo() {
    assertThatThrownBy(() -> Patterns.competitive(1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2");
  }

  @Test
  void run_bestScoreWinsAndLosersAreDiscarded() {
    h.evaluator.pass(task("auth-1"), 0.5).pass(task("auth-2"), 0.9).fail(task("auth-3"));

    RunResult r = h.run(Patterns.competitive(3), request("auth").withTestCommand(TestCommand.of("make", "test"))
        .withOptions(RunOptions.defaults().withCleanup(RunOptions.CleanupPolicy.REMOVE_WORKTREES)));

    assertThat(r.decision().winner()).contains(task("auth-2"));
    assertThat(r.decision().merge()).containsExactly(task("auth-2"));
    assertThat(r.decision().discard()).containsExactly(task("auth-1"), task("auth-3"));
    assertThat(r.decision().ranking()).containsExactly(task("auth-2"), task("auth-1"), task("auth-3"));
    assertThat(h.git.merges()).containsExactly("feature/auth-2->main");
    assertThat(r.cleanup().removed()).containsExactly(task("auth-1"), task("auth-3"));
    assertThat(h.git.hasWorktree(task("auth-1"))).isFalse();
    assertThat(h.git.hasWorktree(task("auth-2"))).isTrue();
    assertThat(h.git.hasBranch("feature/auth-1")).isTrue();
  }

  @Test
  void run_tiesBrokenBySmallerDiffThenEarlierCompletion() {
    h.launcher.script(task("auth-1"), ScriptedLauncher.succeedAfter(Duration.ofMinutes(1), Map.of("a", "1\n2\n3\n")));
    h.launcher.script(task("auth-2"), ScriptedLauncher.succeedAfter(Duration.ofMinutes(5), Map.of("b", "1\n")));
    h.launcher.script(task("auth-3"), ScriptedLauncher.succeedAfter(Duration.ofMinutes(2), Map.of("c", "1\n")));

    RunResult r = h.run(Patterns.competitive(3), request("auth"));

    assertThat(r.decision().ranking()).containsExactly(task("auth-3"), task("auth-2"), task("auth-1"));
    assertThat(r.decision().winner()).contains(task("auth-3"));
  }

  @Test
  void run_keepLosersDiscardsNothing() {
    RunResult r = h.run(Patterns.competitive(2).keepLosers(), request("auth")
        .withOptions(RunOptions.defaults().withCleanup(RunOptions.CleanupPolicy.REMOVE_WORKTREES_AND_BRANCHES)));

    assertThat(r.decision().discard()).isEmpty();
    assertThat(r.cleanup().removed()).isEmpty();
    assertThat(h.git.hasWorktree(task("auth-2"))).isTrue();
  }

  @Test
  void run_nothingPasses_mergesNothing() {
    h.evaluator.fail(task("auth-1"));
    h.launcher.script(task("auth-2"), ScriptedLauncher.fail(1));

    RunResult r = h.run(Patterns.competitive(2), request("auth"));

    assertThat(r.decision().verdict()).isEqualTo(Decision.Verdict.NOTHING);
    assertThat(r.decision().summary()).contains("no agent's work passed");
    assertThat(h.git.merges()).isEmpty();
    assertThat(r.state(task("auth-2"))).isEqualTo(AgentState.FAILED);
  }

  @Test
  void run_reviewPolicyMergesNothing() {
    RunResult r = h.run(Patterns.competitive(2), request("auth")
        .withOptions(RunOptions.defaults().withMergePolicy(RunOptions.MergePolicy.REVIEW)));

    assertThat(r.decision().verdict()).isEqualTo(Decision.Verdict.MERGE);
    assertThat(r.merges()).isEmpty();
    assertThat(h.git.merges()).isEmpty();
  }

  @Test
  void run_removeBranchesNeverForcesAnUnmergedBranchOrDirtyWorktree() {
    h.evaluator.pass(task("auth-1"), 1.0).pass(task("auth-2"), 0.1).pass(task("auth-3"), 0.1);
    h.launcher.script(task("auth-3"), ScriptedLauncher.succeedAfter(Duration.ofMinutes(1), Map.of()));
    h.scheduler.execute(() -> { });
    // leftovers are not committed here, so auth-3's worktree is still dirty at cleanup
    var handle = h.start(Patterns.competitive(3), request("auth")
        .withOptions(RunOptions.defaults().withCleanup(RunOptions.CleanupPolicy.REMOVE_WORKTREES_AND_BRANCHES)
            .withCommitLeftovers(false)));
    h.scheduler.runUntilIdle();
    h.git.setDirty(task("auth-3"), java.util.List.of("notes.txt"));
    RunResult r = h.scheduler.drive(handle.result());

    assertThat(r.cleanup().removed()).containsExactly(task("auth-2"));
    assertThat(r.cleanup().kept()).extracting(k -> k.task().value()).containsExactly("auth-2", "auth-3");
    assertThat(r.cleanup().kept().get(0).reason()).contains("not merged into main");
    assertThat(r.cleanup().kept().get(1).reason()).contains("uncommitted").contains("notes.txt");
    assertThat(h.git.hasBranch("feature/auth-2")).isTrue();
    assertThat(h.git.hasWorktree(task("auth-3"))).isTrue();
  }
}
