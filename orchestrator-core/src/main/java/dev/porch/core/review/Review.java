package dev.porch.core.review;

import dev.porch.core.TaskName;
import dev.porch.core.event.EventListener;
import dev.porch.core.port.StatusStore;
import dev.porch.core.port.WorkspaceProvider;
import dev.porch.core.review.internal.Attempts;
import dev.porch.core.review.internal.Picker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Review of finished attempts, for people and the tools they use (the CLI's {@code diff}, {@code
 * compare} and {@code pick}, the web dashboard, an MCP server): a task's diff against its base, N
 * attempts side by side, and picking one to merge the way the run would have.
 *
 * <p>Read-only except {@link #pick}, which merges into the main worktree: callers that may run
 * beside another porch should hold the repository lock around it (the CLI takes {@code
 * StatusFiles.lock(root, timeout)}). Thread-safe as far as its ports are; every method blocks on git.
 *
 * <pre>{@code
 * Review review = Review.builder().workspaces(GitWorkspaces.open(repo)).statusStore(StatusFiles.open(repo))
 *     .listener(StatusFiles.eventLog(repo)).build();
 * TaskDiff d = review.diff(TaskName.of("auth-2"));                  // files with +a -d
 * String patch = review.patch(TaskName.of("auth-2"), List.of("src/Login.java"), false);
 * Comparison c = review.compare(List.of());                          // every attempt of the last run
 * PickResult r = review.pick(PickRequest.of(TaskName.of("auth-2")).withDryRun(true));
 * }</pre>
 */
public final class Review {
  private final WorkspaceProvider workspaces;
  private final StatusStore statuses;
  private final Clock clock;
  private final List<EventListener> listeners;

  private Review(Builder b) {
    this.workspaces = b.workspaces;
    this.statuses = b.statuses;
    this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
    this.listeners = List.copyOf(b.listeners);
  }

  /** A review over these ports, with the UTC clock and no listener. */
  public static Review of(WorkspaceProvider workspaces, StatusStore statuses) {
    return builder().workspaces(workspaces).statusStore(statuses).build();
  }

  /** A builder; {@link Builder#workspaces} and {@link Builder#statusStore} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The task's branch against its base: every changed file with its line counts.
   *
   * @param task the task
   * @return its diff
   * @throws ReviewException UNKNOWN_TASK, FOREIGN_BRANCH, NO_BRANCH or NO_BASE
   * @throws dev.porch.core.error.WorkspaceException if git fails
   */
  public TaskDiff diff(TaskName task) {
    return attempts().diff(attempts().locate(Objects.requireNonNull(task, "task")));
  }

  /**
   * The task's diff limited to {@code paths}: the files whose path (or path before a rename) is one
   * of them or lies under one of them.
   *
   * @param task the task
   * @param paths repository-relative paths, as for {@link #patch}; empty for every file
   * @return its diff, with only those files
   * @throws ReviewException as {@link #diff(TaskName)}, or BAD_PATH (see {@link #patch})
   * @throws dev.porch.core.error.WorkspaceException if git fails
   */
  public TaskDiff diff(TaskName task, List<String> paths) {
    List<String> clean = cleanPaths(task, paths);
    TaskDiff all = diff(task);
    if (clean.isEmpty()) {
      return all;
    }
    List<dev.porch.core.port.FileDiff> files = all.files().stream()
        .filter(f -> clean.stream().anyMatch(p -> under(f.path(), p) || f.oldPath().map(o -> under(o, p)).orElse(false)))
        .toList();
    return new TaskDiff(all.task(), all.branch(), all.base(), all.commitsAhead(), files);
  }

  private static boolean under(String path, String filter) {
    return path.equals(filter) || path.startsWith(filter + "/");
  }

  private static List<String> cleanPaths(TaskName task, List<String> paths) {
    List<String> clean = new ArrayList<>();
    for (String p : paths) {
      Attempts.cleanPath(task, p).ifPresent(clean::add);
    }
    return clean;
  }

  /**
   * The task's unified patch against its base, git's own text, for every file or only {@code paths}.
   *
   * @param task the task
   * @param paths repository-relative paths ({@code /}-separated; a folder means everything under it);
   *     empty for every file
   * @param color with git's colour escapes, for a terminal
   * @return the patch; empty when nothing (or nothing under {@code paths}) changed
   * @throws ReviewException UNKNOWN_TASK, FOREIGN_BRANCH, NO_BRANCH, NO_BASE, or BAD_PATH for a path
   *     that is absolute, leaves the repository, is empty or holds control characters
   * @throws dev.porch.core.error.WorkspaceException if git fails
   */
  public String patch(TaskName task, List<String> paths, boolean color) {
    List<String> clean = cleanPaths(task, paths);
    Attempts.Located l = attempts().locate(Objects.requireNonNull(task, "task"));
    return workspaces.patch(l.branch(), l.base(), clean, color);
  }

  /**
   * Which tasks {@link #compare} compares for {@code names}: empty means every task of the last run
   * (the run of the most recently updated status; without run ids, its feature's tasks); one name
   * that is a run id, or a feature with tasks {@code <feature>-*} but no task of its own, means those
   * tasks; otherwise the names themselves, each of which must exist.
   *
   * @param names tasks, a feature, a run id, or nothing
   * @return the tasks, in task order (numbers compared as numbers: auth-2 before auth-10)
   * @throws ReviewException NO_ATTEMPTS when there is nothing to compare, UNKNOWN_TASK for a name
   *     that is neither a task nor a feature
   */
  public List<TaskName> attemptsOf(List<TaskName> names) {
    return attempts().resolve(names);
  }

  /**
   * N attempts side by side (see {@link Comparison}). An attempt whose diff cannot be computed (its
   * branch was deleted, its base is gone) is still listed, with the reason in {@code problem}.
   *
   * @param names as for {@link #attemptsOf}
   * @return the comparison
   * @throws ReviewException NO_ATTEMPTS or UNKNOWN_TASK (see {@link #attemptsOf})
   */
  public Comparison compare(List<TaskName> names) {
    Attempts a = attempts();
    return a.compare(a.resolve(names));
  }

  /**
   * Merges the task's branch the way the run would have: conflict pre-check against the target (a
   * predicted conflict is a CONFLICT result naming the paths, nothing merged, unless forced), {@code
   * git merge --no-ff} with the seed's message {@code Merge <task>: <summary>}, a decision recorded
   * for the run (the others not chosen: {@code Decided}, {@code Merged} and {@code WorkspaceRemoved}
   * events to the listeners), then the cleanup policy applied to the others, only when the merge
   * succeeded. Runs no agent and no test.
   *
   * @param request what to pick and how
   * @return what was done, or with {@code dryRun} what would be
   * @throws ReviewException UNKNOWN_TASK, NOT_COMPLETE, NO_COMMITS, FOREIGN_BRANCH, NO_BRANCH,
   *     NO_BASE or TARGET_IS_BRANCH; nothing is changed
   * @throws dev.porch.core.error.DirtyWorktreeException if the main worktree has uncommitted changes
   * @throws dev.porch.core.error.WorkspaceException if the target is not checked out in the main worktree
   *     or git fails
   */
  public PickResult pick(PickRequest request) {
    return new Picker(workspaces, statuses, clock, listeners, attempts()).pick(Objects.requireNonNull(request, "request"));
  }

  private Attempts attempts() {
    return new Attempts(workspaces, statuses);
  }

  /** Builds a {@link Review}; each setter may be called once (listeners any number of times). */
  public static final class Builder {
    private WorkspaceProvider workspaces;
    private StatusStore statuses;
    private Clock clock;
    private final List<EventListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * @param w the workspace port
     * @return this builder
     * @throws NullPointerException if {@code w} is null
     * @throws IllegalStateException if already set
     */
    public Builder workspaces(WorkspaceProvider w) {
      Objects.requireNonNull(w, "workspaces");
      if (workspaces != null) {
        throw new IllegalStateException("workspaces was already set");
      }
      workspaces = w;
      return this;
    }

    /**
     * @param s the status port
     * @return this builder
     * @throws NullPointerException if {@code s} is null
     * @throws IllegalStateException if already set
     */
    public Builder statusStore(StatusStore s) {
      Objects.requireNonNull(s, "statusStore");
      if (statuses != null) {
        throw new IllegalStateException("statusStore was already set");
      }
      statuses = s;
      return this;
    }

    /**
     * @param c the clock for the events a pick posts (default: UTC system clock)
     * @return this builder
     * @throws NullPointerException if {@code c} is null
     * @throws IllegalStateException if already set
     */
    public Builder clock(Clock c) {
      Objects.requireNonNull(c, "clock");
      if (clock != null) {
        throw new IllegalStateException("clock was already set");
      }
      clock = c;
      return this;
    }

    /**
     * Adds a listener told of what a pick decides and does (e.g. {@code StatusFiles.eventLog(repo)},
     * so the run's record in {@code events.ndjson} shows the choice). Called on the picking thread; one
     * that throws is ignored.
     *
     * @param l the listener
     * @return this builder
     * @throws NullPointerException if {@code l} is null
     */
    public Builder listener(EventListener l) {
      listeners.add(Objects.requireNonNull(l, "listener"));
      return this;
    }

    /**
     * @return the review
     * @throws IllegalStateException naming every required port not set
     */
    public Review build() {
      List<String> missing = new ArrayList<>();
      if (workspaces == null) {
        missing.add("workspaces");
      }
      if (statuses == null) {
        missing.add("statusStore");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("Review needs " + String.join(" and ", missing));
      }
      return new Review(this);
    }
  }
}
