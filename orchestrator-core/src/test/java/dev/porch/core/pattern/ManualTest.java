package dev.porch.core.pattern;

import static dev.porch.core.testing.EngineHarness.request;
import static dev.porch.core.testing.EngineHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.AgentState;
import dev.porch.core.Decision;
import dev.porch.core.RunOptions;
import dev.porch.core.RunResult;
import dev.porch.core.TaskSpec;
import dev.porch.core.Workflow;
import dev.porch.core.testing.EngineHarness;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The CLI's {@code porch launch}: agents in worktrees that {@code porch spawn} made, nothing merged. */
class ManualTest {
  private final EngineHarness h = new EngineHarness();

  @Test
  void launch_runsAgentsInSpawnedWorktreesAndLeavesThemForReview() {
    Workflow.of(h.git, h.store, h.clock).spawn(task("auth"), 2, Optional.of("main"));
    var pattern = Patterns.manual(List.of(TaskSpec.of(task("auth-1"), "do it"), TaskSpec.of(task("auth-2"), "do it")));

    RunResult r = h.run(pattern, request("auth").withOptions(RunOptions.defaults().withReuseExistingWorkspaces(true)));

    assertThat(r.decision().verdict()).isEqualTo(Decision.Verdict.REVIEW);
    assertThat(r.decision().summary()).contains("2 of 2 tasks complete");
    assertThat(h.store.read(task("auth-1")).orElseThrow().status()).isEqualTo(AgentState.COMPLETE);
    assertThat(h.store.read(task("auth-1")).orElseThrow().run()).contains(r.runId());
    assertThat(h.git.merges()).isEmpty();
    assertThat(h.events.types()).doesNotContain("workspace-created");
  }

  @Test
  void launch_noAgentCompletes_decidesNothing() {
    Workflow.of(h.git, h.store, h.clock).spawn(task("auth"), 1, Optional.of("main"));
    h.launcher.script(task("auth-1"), dev.porch.core.testing.ScriptedLauncher.fail(2));
    var pattern = Patterns.manual(List.of(TaskSpec.of(task("auth-1"), "do it")));

    RunResult r = h.run(pattern, request("auth").withOptions(RunOptions.defaults().withReuseExistingWorkspaces(true)));

    assertThat(r.decision().verdict()).isEqualTo(Decision.Verdict.NOTHING);
    assertThat(r.decision().summary()).contains("none of 1 tasks completed");
    assertThat(h.store.read(task("auth-1")).orElseThrow().status()).isEqualTo(AgentState.FAILED);
  }
}
