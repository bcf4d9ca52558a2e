package dev.porch.core.internal.recovery;

import static dev.porch.core.testing.EngineHarness.request;
import static dev.porch.core.testing.EngineHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.Orchestrator;
import dev.porch.core.RecoveryReport;
import dev.porch.core.RunHandle;
import dev.porch.core.RunOptions;
import dev.porch.core.RunRequest;
import dev.porch.core.RunResult;
import dev.porch.core.error.PorchException;
import dev.porch.core.testing.EngineHarness;
import dev.porch.core.testing.ManualScheduler;
import dev.porch.core.testing.MergeAllPattern;
import dev.porch.core.testing.ScriptedLauncher;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecoveryTest {
  private final EngineHarness h = new EngineHarness();
  private final MergeAllPattern pattern = MergeAllPattern.independent("auth", 3);
  private final RunRequest req = request("auth").withOptions(RunOptions.defaults().withConcurrency(2));

  /** Starts a run on its own scheduler, lets it launch, then abandons it as if killed. */
  private String crashAfterLaunch() {
    ManualScheduler crashed = new ManualScheduler(h.clock);
    Orchestrator first = Orchestrator.builder().workspaces(h.git).statusStore(h.store).launcher(h.launcher)
        .evaluator(h.evaluator).clock(h.clock).scheduler(crashed).build();
    RunHandle run = first.start(pattern, req);
    crashed.runUntilIdle();
    return run.runId();
  }

  @Test
  void recover_reattachesLiveAgentsFailsGoneOnesAndReportsOrphans() {
    h.launcher.script(task("auth-1"), ScriptedLauncher.succeedAfter(Duration.ofHours(1), Map.of("a", "1\n")));
    h.launcher.script(task("auth-2"), ScriptedLauncher.hang());
    String runId = crashAfterLaunch();
    long pid2 = h.store.read(task("auth-2")).orElseThrow().pid().getAsLong();
    h.launcher.kill(pid2);
    h.git.addWorktree(task("stray"));
    h.git.commitTo(task("stray"), Map.of("s", "work\n"), "someone's work"); // kept: it has a commit
    h.git.addWorktree(task("unstarted")); // what a spawn killed before writing statuses leaves
    h.store.write(AgentStatus.pending(task("ghost"), "feature/ghost", ".worktrees/ghost")); // never started
    h.store.write(AgentStatus.pending(task("done"), "feature/done", ".worktrees/done")
        .moveTo(AgentState.RUNNING, Instant.EPOCH).moveTo(AgentState.COMPLETE, Instant.EPOCH)); // cleaned by hand

    RecoveryReport report = h.newOrchestrator().recover();

    assertThat(report.reattached()).containsExactly(task("auth-1"));
    assertThat(report.markedFailed()).containsExactly(task("auth-2"));
    assertThat(h.store.read(task("auth-2")).orElseThrow().error()).contains("orchestrator stopped; agent no longer running");
    assertThat(report.statusWithoutWorktree()).containsExactly(task("done"));
    assertThat(h.store.read(task("ghost"))).isEmpty();
    assertThat(h.git.hasWorktree(task("unstarted"))).isFalse();
    assertThat(h.git.hasBranch("feature/unstarted")).isFalse();
    assertThat(h.git.hasBranch("feature/stray")).isTrue();
    assertThat(report.repaired()).hasSize(2).anySatisfy(m -> assertThat(m).contains("ghost"))
        .anySatisfy(m -> assertThat(m).contains("unstarted"));
    assertThat(report.worktreesWithoutStatus()).singleElement()
        .satisfies(p -> assertThat(p.getFileName().toString()).isEqualTo("stray"));
    assertThat(report.resumable()).containsOnlyKeys(runId);
    assertThat(report.resumable().get(runId)).containsExactly(task("auth-1"), task("auth-3"));
    assertThat(report.clean()).isFalse();
    assertThat(report.needsAttention()).isTrue();
  }

  @Test
  void resume_continuesPendingTasksAndFollowsLiveAgents() {
    h.launcher.script(task("auth-1"), ScriptedLauncher.succeedAfter(Duration.ofHours(1), Map.of("a", "1\n")));
    h.launcher.script(task("auth-2"), ScriptedLauncher.hang());
    String runId = crashAfterLaunch();
    h.launcher.kill(h.store.read(task("auth-2")).orElseThrow().pid().getAsLong());
    Orchestrator second = h.newOrchestrator();

    RunResult r = h.scheduler.drive(second.resume(runId, pattern, req).result());

    assertThat(r.runId()).isEqualTo(runId);
    assertThat(r.state(task("auth-1"))).isEqualTo(AgentState.COMPLETE);
    assertThat(r.state(task("auth-2"))).isEqualTo(AgentState.FAILED);
    assertThat(r.statuses().get(task("auth-2")).error()).contains("orchestrator stopped; agent no longer running");
    assertThat(r.state(task("auth-3"))).isEqualTo(AgentState.COMPLETE);
    assertThat(h.launcher.launches(task("auth-1"))).hasSize(1);
    assertThat(h.launcher.launches(task("auth-3"))).hasSize(1);
    assertThat(h.git.merges()).containsExactly("feature/auth-1->main", "feature/auth-3->main");
  }

  @Test
  void resume_refusesAnotherRunsTasks() {
    h.run(pattern, req);
    assertThatThrownBy(() -> h.orchestrator().resume("other-run", pattern, req)).isInstanceOf(PorchException.class)
        .hasMessageContaining("belongs to run");
  }

  @Test
  void recover_nothingToDo() {
    h.run(pattern, req);
    assertThat(h.orchestrator().recover().clean()).isTrue();
  }

  @Test
  void resume_keepsACompleteTaskWhoseWorktreeWasRemoved() {
    RunResult first = h.run(pattern, req);
    h.git.remove(task("auth-1"), false);

    RunResult again = h.scheduler.drive(h.orchestrator().resume(first.runId(), pattern, req).result());

    assertThat(again.state(task("auth-1"))).isEqualTo(AgentState.COMPLETE);
    assertThat(h.git.hasWorktree(task("auth-1"))).isFalse();
    assertThat(h.launcher.launches()).hasSize(3);
  }

  @Test
  void reuse_leavesAHandStartedAgentAlone() {
    h.git.addWorktree(task("auth-1"));
    h.store.write(AgentStatus.pending(task("auth-1"), "feature/auth-1", ".worktrees/auth-1")
        .moveTo(AgentState.RUNNING, h.clock.instant()));

    RunResult r = h.run(dev.porch.core.pattern.Patterns.manual(java.util.List.of(
        dev.porch.core.TaskSpec.of(task("auth-1"), "go"))), req.withOptions(RunOptions.defaults()
        .withReuseExistingWorkspaces(true)));

    assertThat(r.state(task("auth-1"))).isEqualTo(AgentState.RUNNING);
    assertThat(h.launcher.launches()).isEmpty();
    assertThat(r.problems()).anySatisfy(p -> assertThat(p.message()).contains("left alone"));
  }

  /**
   * A launcher like the sandbox's delivering one: re-attaching to an agent that ended while no porch
   * ran delivers its commit and its own COMPLETE report, then finds no process.
   */
  private dev.porch.core.port.AgentLauncher deliveringWhenGone() {
    return new dev.porch.core.port.AgentLauncher() {
      @Override
      public dev.porch.core.port.AgentHandle launch(dev.porch.core.port.AgentRequest request) {
        return h.launcher.launch(request);
      }

      @Override
      public java.util.Optional<dev.porch.core.port.AgentHandle> reattach(dev.porch.core.TaskName task, long pid,
          Instant started) {
        java.util.Optional<dev.porch.core.port.AgentHandle> found = h.launcher.reattach(task, pid, started);
        if (found.isEmpty()) {
          h.git.commitTo(task, Map.of("delivered.txt", "work\n"), "the sandboxed agent's work");
          h.store.update(task, s -> s.moveTo(AgentState.COMPLETE, h.clock.instant()).withSummary("reported from the sandbox"));
        }
        return found;
      }
    };
  }

  private Orchestrator afterRestart(dev.porch.core.port.AgentLauncher launcher) {
    return Orchestrator.builder().workspaces(h.git).statusStore(h.store).launcher(launcher).evaluator(h.evaluator)
        .clock(h.clock).scheduler(h.scheduler).build();
  }

  @Test
  void recover_keepsAReportDeliveredWhileReattaching() {
    h.launcher.script(task("auth-1"), ScriptedLauncher.hang());
    crashAfterLaunch();
    h.launcher.kill(h.store.read(task("auth-1")).orElseThrow().pid().getAsLong());

    RecoveryReport report = afterRestart(deliveringWhenGone()).recover();

    assertThat(report.markedFailed()).doesNotContain(task("auth-1"));
    assertThat(report.reattached()).doesNotContain(task("auth-1"));
    AgentStatus s = h.store.read(task("auth-1")).orElseThrow();
    assertThat(s.status()).isEqualTo(AgentState.COMPLETE);
    assertThat(s.summary()).contains("reported from the sandbox");
    assertThat(s.error()).isEmpty();
  }

  @Test
  void resume_takesAReportDeliveredWhileReattaching() {
    h.launcher.script(task("auth-1"), ScriptedLauncher.hang());
    String runId = crashAfterLaunch();
    h.launcher.kill(h.store.read(task("auth-1")).orElseThrow().pid().getAsLong());

    RunResult r = h.scheduler.drive(afterRestart(deliveringWhenGone()).resume(runId, pattern, req).result());

    assertThat(r.state(task("auth-1"))).isEqualTo(AgentState.COMPLETE);
    assertThat(r.statuses().get(task("auth-1")).error()).isEmpty();
    assertThat(h.launcher.launches(task("auth-1"))).hasSize(1);
    assertThat(h.git.merges()).contains("feature/auth-1->main");
  }
}
