package dev.porch.core.error;

import dev.porch.core.AgentState;
import dev.porch.core.TaskName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Refusal to start a task that already has a status file, left by an earlier run or spawn. Carries
 * the task, its state and run, and the feature whose cleanup frees the name.
 */
public final class TaskExistsException extends WorkspaceException {
  private static final long serialVersionUID = 1L;
  private final String task;
  private final AgentState state;
  private final String run;
  private final String feature;

  /**
   * @param task the task that exists
   * @param state the state in its status file
   * @param run the run its status file names, if any
   * @param feature the feature (or task) whose cleanup removes it
   */
  public TaskExistsException(TaskName task, AgentState state, Optional<String> run, TaskName feature) {
    super("task " + task + " already has a status file (" + state + run.map(r -> ", run " + r).orElse("") + ")",
        List.of("clean up " + feature + " first, continue its run, or pick another feature name"));
    this.task = task.value();
    this.state = Objects.requireNonNull(state, "state");
    this.run = run.orElse(null);
    this.feature = feature.value();
  }

  public TaskName task() {
    return TaskName.of(task);
  }

  public AgentState state() {
    return state;
  }

  /** The run the existing status file belongs to, if it names one. */
  public Optional<String> run() {
    return Optional.ofNullable(run);
  }

  /** The feature (or single task) whose cleanup frees the name. */
  public TaskName feature() {
    return TaskName.of(feature);
  }
}
