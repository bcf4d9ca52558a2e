package dev.porch.web;

import dev.porch.core.TaskName;
import java.util.Objects;

/** An action a person asked for on the dashboard; {@link DashboardActions} performs it. */
public sealed interface DashboardAction {
  /** What the action is about: a task, or for {@link Cleanup} a feature. */
  TaskName target();

  /** The action's name as the dashboard's URLs and messages spell it, e.g. {@code pick}. */
  String verb();

  /**
   * Merge this task's branch the way its run would have, and mark the other attempts not chosen.
   *
   * @param target the task
   */
  record Pick(TaskName target) implements DashboardAction {
    public Pick {
      Objects.requireNonNull(target, "target");
    }

    @Override
    public String verb() {
      return "pick";
    }
  }

  /**
   * Stop this task's running agent.
   *
   * @param target the task
   */
  record Cancel(TaskName target) implements DashboardAction {
    public Cancel {
      Objects.requireNonNull(target, "target");
    }

    @Override
    public String verb() {
      return "cancel";
    }
  }

  /**
   * Send a follow-up message to a task whose agent has ended.
   *
   * @param target the task
   * @param message what to tell its agent; not blank
   */
  record Tell(TaskName target, String message) implements DashboardAction {
    public Tell {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(message, "message");
      if (message.isBlank()) {
        throw new IllegalArgumentException("a follow-up message must not be blank");
      }
    }

    @Override
    public String verb() {
      return "tell";
    }
  }

  /**
   * Remove the worktrees and status files of a feature (its clean ones only).
   *
   * @param target the feature, or one task
   */
  record Cleanup(TaskName target) implements DashboardAction {
    public Cleanup {
      Objects.requireNonNull(target, "target");
    }

    @Override
    public String verb() {
      return "cleanup";
    }
  }
}
