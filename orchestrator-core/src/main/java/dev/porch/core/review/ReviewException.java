package dev.porch.core.review;

import dev.porch.core.AgentState;
import dev.porch.core.TaskName;
import dev.porch.core.error.PorchException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link Review} refused: the task is unknown, its branch or base is gone, a path filter is not a
 * plain path inside the repository, or a pick was asked of a task that is not COMPLETE or brought
 * no commits. Carries the {@link Kind}, the task, its state and what is in the way, so a front end
 * can word its own hint (the CLI names {@code porch status}, a dashboard greys a button out).
 */
public final class ReviewException extends PorchException {
  private static final long serialVersionUID = 1L;

  /** What is wrong. */
  public enum Kind {
    /** No status file and no worktree for the task; {@link #subject()} is the name. */
    UNKNOWN_TASK,
    /** The task's branch does not exist (deleted after a merge or cleanup); {@link #subject()} is the branch. */
    NO_BRANCH,
    /** The base to diff against does not exist; {@link #subject()} is the base. */
    NO_BASE,
    /**
     * The status file names a branch other than the task's own (its worktree's branch, or the default
     * branch name when the worktree is gone); {@link #subject()} is the branch the file names.
     */
    FOREIGN_BRANCH,
    /** Pick: the task is not COMPLETE; {@link #state()} says what it is. */
    NOT_COMPLETE,
    /** Pick: the branch has no commits beyond its base, nothing to merge; {@link #subject()} is the branch. */
    NO_COMMITS,
    /** Pick: the task's branch is the branch to merge into; {@link #subject()} is the branch. */
    TARGET_IS_BRANCH,
    /**
     * A path filter is absolute, leaves the repository, is empty or holds control characters;
     * {@link #subject()} is the path as given.
     */
    BAD_PATH,
    /** Compare: nothing to compare (no status files, or no task of that run or feature); {@link #subject()} says what was asked. */
    NO_ATTEMPTS
  }

  private final Kind kind;
  private final String task;
  private final AgentState state;
  private final String subject;

  /**
   * @param kind what is wrong
   * @param task the task it concerns, if any
   * @param state the task's state, when known
   * @param subject what is in the way (see {@link Kind})
   * @param message the message, in library terms
   * @param hints what to do, in library terms
   */
  public ReviewException(Kind kind, Optional<TaskName> task, Optional<AgentState> state, String subject, String message,
      List<String> hints) {
    super(message, hints, null);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.task = task.map(TaskName::value).orElse(null);
    this.state = state.orElse(null);
    this.subject = Objects.requireNonNull(subject, "subject");
  }

  /** What is wrong. */
  public Kind kind() {
    return kind;
  }

  /** The task it concerns, if any. */
  public Optional<TaskName> task() {
    return Optional.ofNullable(task).map(TaskName::of);
  }

  /** The task's state when the refusal was decided, if known. */
  public Optional<AgentState> state() {
    return Optional.ofNullable(state);
  }

  /** What is in the way: a name, branch or path (see {@link Kind}). */
  public String subject() {
    return subject;
  }
}
