package dev.porch.core.internal.engine;

import static dev.porch.core.testing.EngineHarness.request;
import static dev.porch.core.testing.EngineHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.AgentState;
import dev.porch.core.Decision;
import dev.porch.core.RetryPolicy;
import dev.porch.core.RunHandle;
import dev.porch.core.RunOptions;
import dev.porch.core.RunResult;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.testing.EngineHarness;
import dev.porch.core.testing.MergeAllPattern;
import dev.porch.core.testing.ScriptedLauncher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineTimingTest {
  private final EngineHarness h = new EngineHarness();
  private final Instant t0 = h.clock.instant();
  private final RetryPolicy noJitter = RetryPolicy.defaults().withJitter(0);

  private RunResult run(int tasks, RunOptions options) {
    return h.run(MergeAllPattern.independent("auth", tasks), request("auth").withOptions(options));
  }

  @Test
  void retry_rateLimitedWaitsWithExponentialBackoff() {
    h.launcher.script(task("auth-1"), ScriptedLauncher.rateLimited(), ScriptedLauncher.rateLimited(),
        ScriptedLauncher.succeed());

    RunResult r = run(1, RunOptions.defaults().withRetry(noJitter));

    assertThat(r.state(task("auth-1"))).isEqualTo(AgentState.COMPLETE);
    assertThat(r.statuses().get(task("auth-1")).attempt()).isEqualTo(3);
    assertThat(h.events.ofType(OrchestrationEvent.RetryScheduled.class))
        .extracting(OrchestrationEvent.RetryScheduled::delay, OrchestrationEvent.RetryScheduled::nextAttempt)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Duration.ofSeconds(30), 2),
            org.assertj.core.groups.Tuple.tuple(Duration.ofSeconds(60), 3));
    assertThat(h.launcher.launches(task("auth-1"))).extracting(ScriptedLauncher.Launch::at)
        .containsExactly(t0, t0.plusSeconds(30), t0.plusSeconds(90));
    assertThat(h.launcher.launches(task("auth-1"))).extracting(l -> l.request().attempt()).containsExactly(1, 2, 3);
  }

  @Test
  void retry_givesUpAfterMaxAttempts() {
    h.launcher.script(task("auth-1"), ScriptedLauncher.rateLimited(), ScriptedLauncher.rateLimited(),
        ScriptedLauncher.rateLimited());

    RunResult r = run(1, RunOptions.defaults().withRetry(noJitter));

    assertThat(r.state(task("auth-1"))).isEqualTo(AgentState.FAILED);
    assertThat(r.statuses().get(task("auth-1")).error()).hasValueSatisfying(e -> assertThat(e).contains("rate limited"));
    assertThat(h.launcher.launches(task("auth-1"))).hasSize(3);
  }

  @Test
  void retry_ordinaryFailureOnlyWhenConfigured() {
    h.launcher.script(task("auth-1"), ScriptedLauncher.fail(1), ScriptedLauncher.succeed());
    assertThat(run(1, RunOptions.defaults()).state(task("auth-1"))).isEqualTo(AgentState.FAILED);

    EngineHarness h2 = new EngineHarness();
    h2.launcher.script(task("auth-1"), ScriptedLauncher.fail(1), ScriptedLauncher.succeed());
    RunResult r = h2.run(MergeAllPattern.independent("auth", 1), request("auth").withOptions(RunOptions.defaults()
        .withRetry(noJitter.withRetryOn(RetryPolicy.RetryOn.ANY_FAILURE))));
    assertThat(r.state(task("auth-1"))).isEqualTo(AgentState.COMPLETE);
  }

  @Test
  void delayBefore_capsAndJitters() {
    RetryPolicy p = RetryPolicy.defaults();
    assertThat(p.delayBefore(2, 0)).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.delayBefore(4, 0)).isEqualTo(Duration.ofSeconds(120));
    assertThat(p.delayBefore(20, 0)).isEqualTo(Duration.ofMinutes(10));
    assertThat(p.delayBefore(2, 0.5)).isEqualTo(Duration.ofSeconds(33));
    assertThat(p.delayBefore(20, 0.999)).isLessThanOrEqualTo(Duration.ofMinutes(12));
  }

  @Test
  void taskTimeout_cancelsTheAgentAndFailsTheTask() {
    h.launcher.script(task("auth-1"), ScriptedLauncher.hang());

    RunResult r = run(2, RunOptions.defaults().withTaskTimeout(Duration.ofMinutes(5)));

    assertThat(r.state(task("auth-1"))).isEqualTo(AgentState.FAILED);
    assertThat(r.statuses().get(task("auth-1")).error().orElse("")).contains("timed out after PT5M");
    assertThat(r.state(task("auth-2"))).isEqualTo(AgentState.COMPLETE);
    assertThat(h.clock.instant()).isEqualTo(t0.plus(Duration.ofMinutes(5)));
    assertThat(h.launcher.launches(task("auth-1")).get(0).request().timeout()).contains(Duration.ofMinutes(5));
  }

  @Test
  void runTimeout_stopsEveryAgentThenDecides() {
    h.launcher.script(task("auth-1"), ScriptedLauncher.hang());
    h.launcher.script(task("auth-2"), ScriptedLauncher.hang());

    RunResult r = run(3, RunOptions.defaults().withConcurrency(3).withRunTimeout(Duration.ofMinutes(10)));

    assertThat(r.state(task("auth-1"))).isEqualTo(AgentState.FAILED);
    assertThat(r.statuses().get(task("auth-2")).error().orElse("")).contains("run timed out");
    assertThat(r.decision().merge()).as(r.decision() + " " + r.statuses()).containsExactly(task("auth-3"));
    assertThat(r.problems()).anySatisfy(p -> assertThat(p.step()).isEqualTo("run-timeout"));
  }

  @Test
  void cancel_stopsAgentsAndMergesNothing() {
    h.launcher.script(task("auth-1"), ScriptedLauncher.hang());
    RunHandle handle = h.start(MergeAllPattern.independent("auth", 2), request("auth"));
    h.scheduler.runUntilIdle();
    assertThat(handle.view().state(task("auth-1"))).isEqualTo(AgentState.RUNNING);
    assertThat(handle.await(Duration.ZERO)).isEmpty();

    handle.cancel();
    RunResult r = h.scheduler.drive(handle.result());

    assertThat(r.cancelled()).isTrue();
    assertThat(r.decision().verdict()).isEqualTo(Decision.Verdict.NOTHING);
    assertThat(r.state(task("auth-1"))).isEqualTo(AgentState.FAILED);
    assertThat(r.statuses().get(task("auth-1")).error().orElse("")).contains("cancelled");
    assertThat(h.git.merges()).isEmpty();
    assertThat(handle.await(Duration.ZERO)).contains(r);
  }

  @Test
  void concurrency_neverMoreThanTheLimit() {
    for (int i = 1; i <= 5; i++) {
      h.launcher.script(task("auth-" + i), ScriptedLauncher.succeedAfter(Duration.ofMinutes(i), Map.of()));
    }

    RunResult r = run(5, RunOptions.defaults().withConcurrency(2));

    assertThat(h.launcher.maxConcurrent()).isEqualTo(2);
    assertThat(r.decision().merge()).hasSize(5);
  }

  @Test
  void stagger_spacesAgentStarts() {
    run(3, RunOptions.defaults().withStagger(Duration.ofMillis(200)));

    List<Instant> starts = h.launcher.launches().stream().map(ScriptedLauncher.Launch::at).toList();
    assertThat(starts).containsExactly(t0, t0.plusMillis(200), t0.plusMillis(400));
  }

  @Test
  void progressInterval_reportsRunningAgents() {
    h.launcher.script(task("auth-1"), ScriptedLauncher.succeedAfter(Duration.ofSeconds(25), Map.of()));

    run(1, RunOptions.defaults().withProgressInterval(Duration.ofSeconds(10)));

    assertThat(h.events.ofType(OrchestrationEvent.AgentProgress.class))
        .extracting(OrchestrationEvent.AgentProgress::elapsed, OrchestrationEvent.AgentProgress::lastLine)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Duration.ofSeconds(10), "line of auth-1"),
            org.assertj.core.groups.Tuple.tuple(Duration.ofSeconds(20), "line of auth-1"));
  }
}
