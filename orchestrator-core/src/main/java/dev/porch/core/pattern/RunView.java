package dev.porch.core.pattern;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.Plan;
import dev.porch.core.RunRequest;
import dev.porch.core.TaskName;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.ConflictMatrix;
import dev.porch.core.port.Evaluation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only snapshot of one run, handed to {@link OrchestrationPattern}s and returned by {@link
 * RunHandle#view()}: the request and plan, each task's status, agent outcome and evaluation, the
 * predicted conflicts once known, and the time elapsed. A view never changes after it is made.
 *
 * <p>Only the first methods are abstract; the rest are conveniences over them.
 */
public interface RunView {
  /** The run's id. */
  String runId();

  /** What was asked. */
  RunRequest request();

  /** The tasks and their dependencies. */
  Plan plan();

  /** Each task's latest status, for tasks that have one (every task once its workspace exists). */
  Map<TaskName, AgentStatus> statuses();

  /** Each evaluated task's evaluation. */
  Map<TaskName, Evaluation> evaluations();

  /** How each task's latest agent run ended, for tasks whose agent ended. */
  Map<TaskName, AgentOutcome> outcomes();

  /** The pairwise conflict prediction, once the engine has made one. */
  Optional<ConflictMatrix> conflicts();

  /** When the run started, on the engine's clock. */
  Instant startedAt();

  /** When this view was taken, on the engine's clock. */
  Instant at();

  /** Time since the run started. */
  default Duration elapsed() {
    return Duration.between(startedAt(), at());
  }

  /** The status of {@code task}, if it has one. */
  default Optional<AgentStatus> status(TaskName task) {
    return Optional.ofNullable(statuses().get(task));
  }

  /** The state of {@code task}; PENDING until it has a status. */
  default AgentState state(TaskName task) {
    return status(task).map(AgentStatus::status).orElse(AgentState.PENDING);
  }

  /** The evaluation of {@code task}, if evaluated. */
  default Optional<Evaluation> evaluation(TaskName task) {
    return Optional.ofNullable(evaluations().get(task));
  }

  /** The outcome of {@code task}'s latest agent run, if it ended. */
  default Optional<AgentOutcome> outcome(TaskName task) {
    return Optional.ofNullable(outcomes().get(task));
  }

  /** The tasks now in {@code state}, in plan order. */
  default List<TaskName> tasksIn(AgentState state) {
    List<TaskName> out = new ArrayList<>();
    for (TaskName t : plan().names()) {
      if (state(t) == state) {
        out.add(t);
      }
    }
    return out;
  }

  /** Whether every task is COMPLETE or FAILED. */
  default boolean allFinal() {
    return plan().names().stream().allMatch(t -> state(t).isFinal());
  }

  /**
   * Whether {@code task} is COMPLETE, evaluated as passing, and has commits to merge: work whose
   * branch has no commits beyond its base is never a winner, whatever its tests say.
   */
  default boolean passed(TaskName task) {
    return state(task) == AgentState.COMPLETE
        && evaluation(task).map(e -> e.passed() && !e.broughtNothing()).orElse(false);
  }
}
