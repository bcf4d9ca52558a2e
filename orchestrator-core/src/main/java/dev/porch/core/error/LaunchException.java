package dev.porch.core.error;

import dev.porch.core.TaskName;
import java.util.List;

/** An agent could not be started (unknown profile, program not found, bad template). */
public final class LaunchException extends PorchException {
  private static final long serialVersionUID = 1L;
  private final TaskName task;

  public LaunchException(TaskName task, String message, List<String> hints, Throwable cause) {
    super("cannot launch agent for " + task + ": " + message, hints, cause);
    this.task = task;
  }

  public TaskName task() {
    return task;
  }
}
