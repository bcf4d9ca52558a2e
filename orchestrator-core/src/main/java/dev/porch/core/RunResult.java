package dev.porch.core;

import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.port.Evaluation;
import dev.porch.core.port.MergeResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a run ended: the decision, what was merged, each task's final status and evaluation, what
 * cleanup did, and every problem the run survived.
 *
 * @param runId the run's id
 * @param decision the pattern's decision (NOTHING when the run was cancelled or the pattern failed)
 * @param merges one result per branch the engine merged or refused to merge, in order
 * @param statuses each task's final status, in plan order
 * @param evaluations each evaluated task's evaluation
 * @param cleanup what was removed and kept
 * @param problems events for everything that went wrong but did not stop the run
 * @param cancelled whether the run was cancelled
 * @param elapsed how long it took
 */
public record RunResult(
    String runId,
    Decision decision,
    Map<TaskName, MergeResult> merges,
    Map<TaskName, AgentStatus> statuses,
    Map<TaskName, Evaluation> evaluations,
    CleanupReport cleanup,
    List<OrchestrationEvent.Problem> problems,
    boolean cancelled,
    Duration elapsed) {
  public RunResult {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(decision, "decision");
    merges = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(merges));
    statuses = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(statuses));
    evaluations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evaluations));
    Objects.requireNonNull(cleanup, "cleanup");
    problems = List.copyOf(problems);
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** The state of {@code task} at the end. */
  public AgentState state(TaskName task) {
    AgentStatus s = statuses.get(task);
    if (s == null) {
      throw new IllegalArgumentException("task " + task + " is not part of run " + runId);
    }
    return s.status();
  }

  /** Whether the run merged something and every merge it attempted succeeded. */
  public boolean mergedCleanly() {
    return !merges.isEmpty() && merges.values().stream().allMatch(MergeResult::succeeded);
  }
}
