package dev.porch.core.event;

import dev.porch.core.AgentState;
import dev.porch.core.Decision;
import dev.porch.core.TaskName;
import dev.porch.core.port.AgentActivity;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.ConflictMatrix;
import dev.porch.core.port.Evaluation;
import dev.porch.core.port.LeftoverCommit;
import dev.porch.core.port.MergeResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything the engine does, as a stream of events: listeners render them, the status adapter
 * appends them to {@code .agent-status/events.ndjson}, an embedding tool does what it likes.
 *
 * <p>Every event carries the run's id and the time it happened (from the engine's clock).
 */
public sealed interface OrchestrationEvent {
  /** The run this event belongs to. */
  String runId();

  /** When it happened. */
  Instant at();

  /** The task it concerns, if any. */
  default Optional<TaskName> task() {
    return Optional.empty();
  }

  /** A short, stable name for the event type, e.g. {@code state-changed}. */
  default String type() {
    String simple = getClass().getSimpleName();
    return simple.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }

  /** A run began with these tasks. */
  record RunStarted(String runId, Instant at, String pattern, List<TaskName> tasks) implements OrchestrationEvent {
    public RunStarted {
      tasks = List.copyOf(tasks);
    }
  }

  /** A workspace was created for a task. */
  record WorkspaceCreated(String runId, Instant at, TaskName taskName, Path path, String branch, String base)
      implements OrchestrationEvent {
    @Override
    public Optional<TaskName> task() {
      return Optional.of(taskName);
    }
  }

  /** A task changed state; {@code from} is empty for a new task. */
  record StateChanged(
      String runId, Instant at, TaskName taskName, Optional<AgentState> from, AgentState to, Optional<String> reason)
      implements OrchestrationEvent {
    public StateChanged {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Optional<TaskName> task() {
      return Optional.of(taskName);
    }
  }

  /** An agent was started. */
  record AgentStarted(String runId, Instant at, TaskName taskName, String agent, int attempt, OptionalLong pid)
      implements OrchestrationEvent {
    @Override
    public Optional<TaskName> task() {
      return Optional.of(taskName);
    }
  }

  /**
   * A running agent's progress: elapsed time, its last line of output, and what its CLI's
   * machine-readable output says it is doing (session, step, tokens, cost) when the profile reads it.
   */
  record AgentProgress(String runId, Instant at, TaskName taskName, Duration elapsed, String lastLine,
      Optional<AgentActivity> activity) implements OrchestrationEvent {
    public AgentProgress {
      Objects.requireNonNull(activity, "activity");
    }

    /** Progress without activity (a launcher that cannot read its agent's output). */
    public AgentProgress(String runId, Instant at, TaskName taskName, Duration elapsed, String lastLine) {
      this(runId, at, taskName, elapsed, lastLine, Optional.empty());
    }

    @Override
    public Optional<TaskName> task() {
      return Optional.of(taskName);
    }
  }

  /** An agent ended. */
  record AgentEnded(String runId, Instant at, TaskName taskName, AgentOutcome outcome) implements OrchestrationEvent {
    @Override
    public Optional<TaskName> task() {
      return Optional.of(taskName);
    }
  }

  /** A failed attempt will be retried after {@code delay}. */
  record RetryScheduled(String runId, Instant at, TaskName taskName, int nextAttempt, Duration delay, String reason)
      implements OrchestrationEvent {
    @Override
    public Optional<TaskName> task() {
      return Optional.of(taskName);
    }
  }

  /**
   * porch committed work an agent left uncommitted when it ended, so that what is judged is what is
   * merged.
   */
  record WorkCommitted(String runId, Instant at, TaskName taskName, String agent, LeftoverCommit commit)
      implements OrchestrationEvent {
    @Override
    public Optional<TaskName> task() {
      return Optional.of(taskName);
    }
  }

  /** A workspace was evaluated. */
  record Evaluated(String runId, Instant at, TaskName taskName, Evaluation evaluation) implements OrchestrationEvent {
    @Override
    public Optional<TaskName> task() {
      return Optional.of(taskName);
    }
  }

  /** Pairwise conflicts were predicted before merging. */
  record ConflictsPredicted(String runId, Instant at, ConflictMatrix matrix) implements OrchestrationEvent {}

  /** The pattern decided. */
  record Decided(String runId, Instant at, Decision decision) implements OrchestrationEvent {}

  /** A branch was merged, or its merge was refused or aborted. */
  record Merged(String runId, Instant at, TaskName taskName, MergeResult result) implements OrchestrationEvent {
    @Override
    public Optional<TaskName> task() {
      return Optional.of(taskName);
    }
  }

  /** A task's workspace (and possibly branch) was removed. */
  record WorkspaceRemoved(String runId, Instant at, TaskName taskName, boolean branchDeleted)
      implements OrchestrationEvent {
    @Override
    public Optional<TaskName> task() {
      return Optional.of(taskName);
    }
  }

  /** Something went wrong that the run survives: user code threw, a port failed, a warning. */
  record Problem(String runId, Instant at, Optional<TaskName> about, String step, String message)
      implements OrchestrationEvent {
    public Problem {
      Objects.requireNonNull(about, "about");
    }

    @Override
    public Optional<TaskName> task() {
      return about;
    }
  }

  /** The run ended. */
  record RunFinished(String runId, Instant at, boolean succeeded, String summary) implements OrchestrationEvent {}
}
