package dev.porch.core.internal.engine;

import dev.porch.core.AgentStatus;
import dev.porch.core.Plan;
import dev.porch.core.RunRequest;
import dev.porch.core.TaskName;
import dev.porch.core.pattern.RunView;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.ConflictMatrix;
import dev.porch.core.port.Evaluation;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An immutable {@link RunView}. Public so tests and custom tooling can build views by hand. */
public record RunSnapshot(
    String runId,
    RunRequest request,
    Plan plan,
    Map<TaskName, AgentStatus> statuses,
    Map<TaskName, Evaluation> evaluations,
    Map<TaskName, AgentOutcome> outcomes,
    Optional<ConflictMatrix> conflicts,
    Instant startedAt,
    Instant at)
    implements RunView {
  public RunSnapshot {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(plan, "plan");
    statuses = copy(statuses);
    evaluations = copy(evaluations);
    outcomes = copy(outcomes);
    Objects.requireNonNull(conflicts, "conflicts");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(at, "at");
  }

  private static <K, V> Map<K, V> copy(Map<K, V> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** The same snapshot, seen at {@code now}. */
  public RunSnapshot at(Instant now) {
    return new RunSnapshot(runId, request, plan, statuses, evaluations, outcomes, conflicts, startedAt, now);
  }

  /** The same snapshot with a conflict prediction. */
  public RunSnapshot withConflicts(ConflictMatrix m) {
    return new RunSnapshot(runId, request, plan, statuses, evaluations, outcomes, Optional.of(m), startedAt, at);
  }
}
