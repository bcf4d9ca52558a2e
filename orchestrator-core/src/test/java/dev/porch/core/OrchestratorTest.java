package dev.porch.core;

import static dev.porch.core.testing.EngineHarness.request;
import static dev.porch.core.testing.EngineHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.pattern.RunView;
import dev.porch.core.testing.EngineHarness;
import dev.porch.core.testing.FakeWorkspaces;
import dev.porch.core.testing.InMemoryStatusStore;
import dev.porch.core.testing.ManualClock;
import dev.porch.core.testing.ManualScheduler;
import dev.porch.core.testing.MergeAllPattern;
import dev.porch.core.testing.RecordingListener;
import dev.porch.core.testing.ScriptedEvaluator;
import dev.porch.core.testing.ScriptedLauncher;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The builder's contract and the threads of real runs. */
class OrchestratorTest {
  private final ManualClock clock = ManualClock.atSeedTime();
  private final InMemoryStatusStore store = new InMemoryStatusStore();
  private final FakeWorkspaces git = new FakeWorkspaces();
  private final ScriptedLauncher launcher = new ScriptedLauncher(git, store, new ManualScheduler(clock), clock);
  private final ScriptedEvaluator evaluator = new ScriptedEvaluator(git);

  private Orchestrator.Builder ports() {
    return Orchestrator.builder().workspaces(git).statusStore(store).launcher(launcher).evaluator(evaluator);
  }

  @Test
  void launcher_null() {
    assertThatThrownBy(() -> Orchestrator.builder().launcher(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("launcher");
  }

  @Test
  void clock_twice() {
    Orchestrator.Builder b = Orchestrator.builder().clock(Clock.systemUTC());
    assertThatThrownBy(() -> b.clock(clock)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("clock was already set");
  }

  @Test
  void scheduler_twice() {
    Orchestrator.Builder b = Orchestrator.builder().scheduler(new ManualScheduler(clock));
    assertThatThrownBy(() -> b.scheduler(new ManualScheduler(clock))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void build_missingLauncher() {
    assertThatThrownBy(() -> Orchestrator.builder().workspaces(git).statusStore(store).evaluator(evaluator).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("without launcher");
  }

  @Test
  void build_namesEveryMissingPort() {
    assertThatThrownBy(() -> Orchestrator.builder().build())
        .hasMessageContaining("workspaces, statusStore, launcher, evaluator");
  }

  @Test
  void listener_nullAndTyped() {
    assertThatThrownBy(() -> Orchestrator.builder().listener(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Orchestrator.builder().listener(OrchestrationEvent.Merged.class, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void workspaces_fromTwoHalvesRunsAndMergesLikeOne() throws Exception {
    try (Orchestrator o = Orchestrator.builder().workspaces(git, git).statusStore(store).launcher(launcher)
        .evaluator(evaluator).clock(clock).build()) {
      RunResult r = o.run(MergeAllPattern.independent("halves", 2), request("halves"));
      assertThat(r.decision().merge()).hasSize(2);
      assertThat(r.merges().values()).allMatch(m -> m.succeeded());
    }
    assertThat(git.isMerged("feature/halves-1", "main")).isTrue();
  }

  @Test
  void workspaces_halvesNullOrTwice() {
    assertThatThrownBy(() -> Orchestrator.builder().workspaces(git, null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("branches");
    Orchestrator.Builder b = Orchestrator.builder().workspaces(git);
    assertThatThrownBy(() -> b.workspaces(git, git)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("workspaces was already set");
  }

  @Test
  void run_blocksOnRealThreadsAndLeavesNoThreadBehind() throws Exception {
    RecordingListener events = new RecordingListener();
    RunResult r;
    try (Orchestrator o = ports().clock(clock).listener(events).build()) {
      r = o.run(MergeAllPattern.independent("auth", 3), request("auth"));
    }
    assertThat(r.decision().merge()).hasSize(3);
    assertThat(events.types()).endsWith("run-finished");
    assertThat(store.watcherCount()).isZero();
    assertThat(liveThreads("porch-run-")).isZero();
  }

  @Test
  void close_cancelsRunningRunsAndStopsTheirThreads() throws Exception {
    launcher.script(task("auth-1"), ScriptedLauncher.hang());
    Orchestrator o = ports().build();
    RunHandle h = o.start(MergeAllPattern.independent("auth", 1), request("auth"));
    assertThat(h.await(Duration.ofMillis(50))).isEmpty();

    o.close();

    RunResult r = h.result().get(10, TimeUnit.SECONDS);
    assertThat(r.cancelled()).isTrue();
    assertThat(liveThreads("porch-run-")).isZero();
    assertThatThrownBy(() -> o.start(MergeAllPattern.independent("x", 1), request("x")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void view_isASnapshotFromAnyThread() {
    EngineHarness h = new EngineHarness();
    h.launcher.script(task("auth-1"), ScriptedLauncher.hang());
    RunHandle handle = h.start(MergeAllPattern.independent("auth", 1), request("auth"));
    h.scheduler.runUntilIdle();
    h.clock.advance(Duration.ofMinutes(3));

    RunView v = handle.view();

    assertThat(v.state(task("auth-1"))).isEqualTo(AgentState.RUNNING);
    assertThat(v.elapsed()).isEqualTo(Duration.ofMinutes(3));
    assertThat(v.runId()).isEqualTo(handle.runId());
    handle.cancel();
    h.scheduler.drive(handle.result());
  }

  /** Live threads named {@code prefix...}, after giving finishing threads a bounded moment to exit. */
  static long liveThreads(String prefix) throws InterruptedException {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(prefix)) {
        t.join(5_000);
      }
    }
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
  }
}
