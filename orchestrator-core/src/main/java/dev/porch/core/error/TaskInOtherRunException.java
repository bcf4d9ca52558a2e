package dev.porch.core.error;

import dev.porch.core.TaskName;
import java.util.List;

/** Refusal to resume a run over a task whose status file belongs to another run. */
public final class TaskInOtherRunException extends PorchException {
  private static final long serialVersionUID = 1L;
  private final String task;
  private final String run;
  private final String requested;

  /**
   * @param task the task
   * @param run the run its status file names
   * @param requested the run that was to be resumed
   */
  public TaskInOtherRunException(TaskName task, String run, String requested) {
    super("task " + task + " belongs to run " + run + ", not " + requested,
        List.of("resume run " + run + " instead, or clean up " + task + " first"), null);
    this.task = task.value();
    this.run = run;
    this.requested = requested;
  }

  public TaskName task() {
    return TaskName.of(task);
  }

  /** The run the task's status file names. */
  public String run() {
    return run;
  }

  /** The run that was to be resumed. */
  public String requested() {
    return requested;
  }
}
