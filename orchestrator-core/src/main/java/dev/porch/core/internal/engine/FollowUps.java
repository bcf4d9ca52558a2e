package dev.porch.core.internal.engine;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.UntrustedText;
import dev.porch.core.error.IllegalTransitionException;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.StatusStore;
import dev.porch.core.port.WorkspaceProvider;
import java.util.List;
import java.util.Optional;

/**
 * Follow-ups on earlier work ({@code RunOptions.followUp}): which tasks may get one, and what the
 * agent is told about the attempt before. Shared by the engine and {@code Workflow}, so that a
 * caller can check before it starts a run (the CLI does, before it goes to the background).
 */
public final class FollowUps {
  /** The most characters of the previous summary or error passed on. */
  private static final int MAX_PREVIOUS = 2000;

  private FollowUps() {}

  /**
   * The status of {@code task}, when a follow-up may start on it: it has a status and a worktree,
   * and its agent is not running or about to run.
   *
   * @throws WorkspaceException if the task has no status or no worktree
   * @throws IllegalTransitionException if it is PENDING or RUNNING
   */
  public static AgentStatus check(WorkspaceProvider workspaces, StatusStore statuses, TaskName task) {
    AgentStatus s = statuses.read(task).orElseThrow(() -> new WorkspaceException(
        "there is no task " + task + " (no status file); a follow-up continues a task that already ran",
        List.of("check the name against the list of tasks", "start the task first")));
    if (workspaces.find(task).isEmpty()) {
      throw new WorkspaceException("task " + task + " has no worktree any more (it was removed); a follow-up"
          + " works in the task's own worktree", List.of("start a new task instead"));
    }
    if (s.status() == AgentState.PENDING || s.status() == AgentState.RUNNING) {
      String what = s.status() == AgentState.RUNNING ? "its agent is still running" : "its agent has not started yet";
      throw new IllegalTransitionException(task, s.status(), AgentState.PENDING, "task " + task + " is "
          + s.status() + ": " + what + "; a follow-up starts only once it is COMPLETE, FAILED or BLOCKED",
          List.of("wait for the agent to end, or stop it, then send the follow-up"));
    }
    return s;
  }

  /** How {@code s}'s attempt ended, for the next attempt's prompt: state, then summary or error. */
  public static String previousAttempt(AgentStatus s) {
    Optional<String> words = s.status() == AgentState.COMPLETE ? s.summary().or(s::error) : s.error().or(s::summary);
    String text = words.map(w -> UntrustedText.oneLine(w, MAX_PREVIOUS)).filter(w -> !w.isBlank()).orElse("");
    return s.status() + (text.isEmpty() ? " (nothing was reported)" : ": " + text);
  }
}
