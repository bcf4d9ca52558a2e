package dev.porch.core.testing;

import dev.porch.core.Orchestrator;
import dev.porch.core.RunHandle;
import dev.porch.core.RunRequest;
import dev.porch.core.RunResult;
import dev.porch.core.TaskName;
import dev.porch.core.pattern.OrchestrationPattern;

/**
 * Every fake wired to one deterministic {@link Orchestrator}: a manual clock and scheduler, an
 * in-memory store, fake workspaces, a scripted launcher and evaluator, and a recording listener.
 */
public final class EngineHarness {
  public final ManualClock clock = ManualClock.atSeedTime();
  public final ManualScheduler scheduler = new ManualScheduler(clock);
  public final InMemoryStatusStore store = new InMemoryStatusStore();
  public final FakeWorkspaces git = new FakeWorkspaces();
  public final ScriptedLauncher launcher = new ScriptedLauncher(git, store, scheduler, clock);
  public final ScriptedEvaluator evaluator = new ScriptedEvaluator(git);
  public final RecordingListener events = new RecordingListener();
  private Orchestrator orchestrator;

  /** The orchestrator over the fakes, made on first use. */
  public synchronized Orchestrator orchestrator() {
    if (orchestrator == null) {
      orchestrator = newOrchestrator();
    }
    return orchestrator;
  }

  /** A second orchestrator over the same fakes, as after a restart. */
  public Orchestrator newOrchestrator() {
    return Orchestrator.builder().workspaces(git).statusStore(store).launcher(launcher).evaluator(evaluator)
        .clock(clock).scheduler(scheduler).listener(events).build();
  }

  /** Starts a run. */
  public RunHandle start(OrchestrationPattern pattern, RunRequest request) {
    return orchestrator().start(pattern, request);
  }

  /** Starts a run and drives the scheduler until it ends. */
  public RunResult run(OrchestrationPattern pattern, RunRequest request) {
    return scheduler.drive(start(pattern, request).result());
  }

  /** A request for {@code feature} with defaults and no stagger. */
  public static RunRequest request(String feature) {
    return RunRequest.of(TaskName.of(feature), "implement " + feature);
  }

  public static TaskName task(String name) {
    return TaskName.of(name);
  }
}
