package dev.porch.core;

import dev.porch.core.error.IllegalTransitionException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The seed protocol's agent states, with porch's explicit transition table.
 *
 * <pre>
 * PENDING  -&gt; RUNNING | BLOCKED | FAILED
 * RUNNING  -&gt; COMPLETE | FAILED | BLOCKED
 * BLOCKED  -&gt; PENDING | RUNNING | FAILED
 * COMPLETE, FAILED: final (a retry starts a new attempt at PENDING)
 * </pre>
 */
public enum AgentState {
  /** Worktree created, agent not started. */
  PENDING,
  /** Agent actively working. */
  RUNNING,
  /** Task finished successfully. */
  COMPLETE,
  /** Task encountered errors. */
  FAILED,
  /** Waiting for a dependency or for input. */
  BLOCKED;

  /** The states this one may move to; empty for final states. */
  public Set<AgentState> successors() {
    switch (this) {
      case PENDING:
        return EnumSet.of(RUNNING, BLOCKED, FAILED);
      case RUNNING:
        return EnumSet.of(COMPLETE, FAILED, BLOCKED);
      case BLOCKED:
        return EnumSet.of(PENDING, RUNNING, FAILED);
      default:
        return EnumSet.noneOf(AgentState.class);
    }
  }

  /**
   * Whether the table allows moving from this state to {@code next}. Staying in the same state is
   * not a transition and is not allowed by this method; callers that rewrite a status without
   * changing state do not ask.
   *
   * @param next the target state
   * @return true when allowed
   */
  public boolean canMoveTo(AgentState next) {
    return successors().contains(next);
  }

  /**
   * Checks a transition.
   *
   * @param task the task, for the message (may be null)
   * @param next the target state
   * @return {@code next}
   * @throws IllegalTransitionException if the table does not allow it
   */
  public AgentState moveTo(TaskName task, AgentState next) {
    if (!canMoveTo(next)) {
      throw new IllegalTransitionException(task, this, next);
    }
    return next;
  }

  /** COMPLETE and FAILED: nothing follows except an explicit retry. */
  public boolean isFinal() {
    return this == COMPLETE || this == FAILED;
  }

  /** Whether an agent in this state holds a concurrency slot (only RUNNING does). */
  public boolean isActive() {
    return this == RUNNING;
  }
}
