package dev.porch.core.pattern;

import dev.porch.core.TaskName;
import java.util.Objects;

/**
 * What a pattern asks of the engine from {@link OrchestrationPattern#onProgress}: stop a task, or
 * stop waiting and decide.
 */
public sealed interface PatternAction {
  /**
   * Stop {@code task}: a running agent is cancelled, a task not started yet is not started. Either
   * way it ends FAILED with {@code reason}.
   *
   * @param task the task
   * @param reason why, for its status and events
   * @return the action
   */
  static PatternAction cancel(TaskName task, String reason) {
    return new Cancel(task, reason);
  }

  /**
   * Decide now: every task not yet final is stopped (FAILED with {@code reason}), then the pattern's
   * {@link OrchestrationPattern#decide} is asked as soon as the agents have ended.
   *
   * @param reason why, for the stopped tasks
   * @return the action
   */
  static PatternAction decideNow(String reason) {
    return new DecideNow(reason);
  }

  /** Stop one task. */
  record Cancel(TaskName task, String reason) implements PatternAction {
    public Cancel {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Stop everything that is still going and decide. */
  record DecideNow(String reason) implements PatternAction {
    public DecideNow {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
