package dev.porch.core.internal.engine;

import dev.porch.core.AgentStatus;
import dev.porch.core.Scheduler;
import dev.porch.core.TaskSpec;
import dev.porch.core.port.AgentActivity;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.Evaluation;
import dev.porch.core.port.Workspace;
import java.util.concurrent.Executor;

/**
 * One task's mutable state inside a run; touched only on the run's serial executor. Its {@link
 * #lane} is where the slow port calls about it run (status writes, the launch, reading what a
 * finished agent left), one at a time and in the order queued, together with its events.
 */
final class TaskRun {
  /** Where the task is in its life; the run is over when every task is DONE. */
  enum Phase {
    /** No workspace yet (it starts from a dependency that is not COMPLETE yet). */
    WAITING,
    /** Its workspace is being made. */
    CREATING,
    /** PENDING with a workspace, waiting for its dependencies and a free slot. */
    READY,
    /** Its agent runs (holds a slot). */
    RUNNING,
    /** Its agent ended; what it left (status file, worktree, commits) is being read on its lane. */
    FINISHING,
    /** Waiting to be retried. */
    RETRY_WAIT,
    /** COMPLETE and being evaluated. */
    EVALUATING,
    /** Final or BLOCKED; nothing more happens. */
    DONE
  }

  final TaskSpec spec;
  final Executor lane;
  Phase phase = Phase.WAITING;
  AgentStatus status;
  /** Whether {@link #status} is in the store (false for tasks that never got a workspace). */
  boolean persisted;
  Workspace workspace;
  AgentHandle handle;
  /** What the current attempt's agent was last seen doing (its CLI's stream); null before it said anything. */
  AgentActivity activity;
  AgentOutcome outcome;
  Evaluation evaluation;
  /** Why the engine stopped it, when it did. */
  String stopReason;
  Scheduler.Cancellable timer;
  int attempt = 1;
  /** For a follow-up: the agent session to resume, if its status recorded one. */
  java.util.Optional<String> resumeSession = java.util.Optional.empty();
  /** For a follow-up: how the attempt before it ended. */
  java.util.Optional<String> previousAttempt = java.util.Optional.empty();

  TaskRun(TaskSpec spec, Executor lane) {
    this.spec = spec;
    this.lane = lane;
  }

  void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }
}
