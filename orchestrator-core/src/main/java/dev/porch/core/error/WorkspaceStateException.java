package dev.porch.core.error;

import dev.porch.core.TaskName;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The repository or a task's place in it is not in a state a workspace can be made in: not a
 * repository, a detached HEAD, a missing base, or a branch, folder or worktree registration that
 * already exists. Carries the {@link Kind}, the task and what is in the way, so a front end can say
 * what to do in its own terms (the CLI names {@code porch cleanup}, {@code --base}, {@code -C}).
 */
public final class WorkspaceStateException extends WorkspaceException {
  private static final long serialVersionUID = 1L;

  /** What is wrong. */
  public enum Kind {
    /** The folder given does not exist; {@link #subject()} is its path. */
    NO_SUCH_FOLDER,
    /** The folder is in no git repository; {@link #subject()} is its path. */
    NOT_A_REPOSITORY,
    /** HEAD is detached and no base branch was given; {@link #subject()} is the commit. */
    DETACHED_HEAD,
    /** The base branch does not exist; {@link #subject()} is its name. */
    BASE_MISSING,
    /** The task's branch exists already; {@link #subject()} is the branch. */
    BRANCH_EXISTS,
    /** The task's folder exists already; {@link #subject()} is its path. */
    FOLDER_EXISTS,
    /** git still registers a worktree whose folder is gone; {@link #subject()} is its path. */
    STALE_WORKTREE
  }

  private final Kind kind;
  private final String task;
  private final String subject;

  /**
   * @param kind what is wrong
   * @param task the task it concerns, if any
   * @param subject what is in the way (a path, branch or commit; see {@link Kind})
   * @param message the message, in library terms
   * @param hints what to do, in library terms
   */
  public WorkspaceStateException(Kind kind, Optional<TaskName> task, String subject, String message, List<String> hints) {
    super(message, hints);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.task = task.map(TaskName::value).orElse(null);
    this.subject = Objects.requireNonNull(subject, "subject");
  }

  public Kind kind() {
    return kind;
  }

  /** The task it concerns, if any. */
  public Optional<TaskName> task() {
    return Optional.ofNullable(task).map(TaskName::of);
  }

  /** What is in the way: a path, branch or commit (see {@link Kind}). */
  public String subject() {
    return subject;
  }

  /** {@link #subject()} as a path, for the kinds whose subject is one. */
  public Path path() {
    return Path.of(subject);
  }
}
