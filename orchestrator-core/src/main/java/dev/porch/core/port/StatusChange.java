package dev.porch.core.port;

import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.error.StatusFileException;
import java.util.Objects;
import java.util.Optional;

/**
 * A change seen by {@link StatusStore#watch}: the new status, or its removal, or a file that became
 * unreadable.
 *
 * @param task the task whose file changed
 * @param status the new status; empty when removed or unreadable
 * @param problem why the file could not be read, if so
 */
public record StatusChange(TaskName task, Optional<AgentStatus> status, Optional<StatusFileException> problem) {
  public StatusChange {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(problem, "problem");
  }

  /** Whether the status file is gone. */
  public boolean removed() {
    return status.isEmpty() && problem.isEmpty();
  }
}
