package dev.porch.core.error;

import dev.porch.core.AgentState;
import dev.porch.core.TaskName;
import java.util.List;

/** A status change that the {@link AgentState} transition table does not allow. */
public final class IllegalTransitionException extends PorchException {
  private static final long serialVersionUID = 1L;
  private final TaskName task;
  private final AgentState from;
  private final AgentState to;

  public IllegalTransitionException(TaskName task, AgentState from, AgentState to) {
    super(
        "task "
            + (task == null ? "?" : task)
            + " cannot go from "
            + from
            + " to "
            + to
            + "; allowed from "
            + from
            + ": "
            + (from.successors().isEmpty() ? "nothing (final; retry starts a new attempt)" : from.successors()));
    this.task = task;
    this.from = from;
    this.to = to;
  }

  /**
   * The same refusal in the words of the operation that asked for it.
   *
   * @param task the task
   * @param from its state
   * @param to the state the operation needed to move it to
   * @param message what was refused and why
   * @param hints what to do next
   */
  public IllegalTransitionException(TaskName task, AgentState from, AgentState to, String message, List<String> hints) {
    super(message, hints, null);
    this.task = task;
    this.from = from;
    this.to = to;
  }

  public TaskName task() {
    return task;
  }

  public AgentState from() {
    return from;
  }

  public AgentState to() {
    return to;
  }
}
