package dev.porch.core.port;

import dev.porch.core.Orchestrator;
import dev.porch.core.RepairReport;
import dev.porch.core.TaskName;
import dev.porch.core.error.DirtyWorktreeException;
import dev.porch.core.error.WorkspaceException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Port: the lifecycle of the tasks' workspaces (git worktrees, each on its own branch): create,
 * set up, find, list, what is uncommitted, commit what an agent left, remove, prune, repair. The
 * questions about branches and the merges are the other half, {@link Branches}; a {@link
 * WorkspaceProvider} is both. The default adapter is {@code dev.porch.git.GitWorkspaces.open(repo)}.
 *
 * <p><b>Threads.</b> The engine calls it from its worker threads, possibly from several at once;
 * implementations must be thread-safe (serialising internally where git needs it). Every method may
 * block on disk and child processes.
 *
 * <p><b>Safety, always.</b> An implementation never deletes or writes outside {@code
 * <root>/.worktrees/}; never removes a worktree with uncommitted or untracked changes unless forced;
 * and leaves the repository exactly as it was when an operation fails. Task names coming from
 * status files are never trusted for a path.
 *
 * <p><b>Errors.</b> Methods throw {@link WorkspaceException} (or a subclass) for failures a caller
 * can act on; to the engine, an exception from {@link #create} fails the tasks being created, and
 * one from any other method fails the step, not the run.
 *
 * <p>Implement it with the contract tests in {@code orchestrator-core}'s test jar ({@code
 * WorktreesContract}); 9 methods are abstract, the rest have defaults.
 */
public interface Worktrees {

  /** The repository's main worktree, absolute. */
  Path root();

  /**
   * The branch a task gets by default, e.g. {@code feature/<task>}.
   *
   * @param task the task
   * @return its default branch name
   */
  String defaultBranch(TaskName task);

  /**
   * Creates one workspace per spec (worktree folder plus new branch), all or nothing: if any fails,
   * those already made are removed again before the exception is thrown.
   *
   * @param specs the workspaces to make; task names must be distinct
   * @return the workspaces, in the order of {@code specs}
   * @throws WorkspaceException if a folder or branch already exists, the base is missing, the
   *     repository has no commits, is bare, or git fails
   */
  List<Workspace> create(List<WorkspaceSpec> specs);

  /**
   * Prepares a new workspace's environment: copies the files {@code .worktreeinclude} lists, runs
   * the project's setup command. The workspace stays whatever happens.
   *
   * @param workspace a workspace made by {@link #create}
   * @return empty when ready, or why setting up failed
   */
  default Optional<String> setUp(Workspace workspace) {
    return Optional.empty();
  }

  /**
   * The workspace of {@code task}, if its worktree exists (used to resume after a crash).
   *
   * @param task the task
   * @return its workspace, rebuilt from git
   */
  Optional<Workspace> find(TaskName task);

  /**
   * What {@code workspace}'s worktree has checked out now: its branch's short name, the commit id
   * when HEAD is detached, or empty when the worktree is gone. The engine asks this of every agent
   * that claims success (an agent may delete its worktree or switch branch), so it should be cheap;
   * the default asks {@link #find}.
   *
   * @param workspace a workspace made by {@link #create} or found by {@link #find}
   * @return what is checked out there, if the worktree still exists
   */
  default Optional<String> checkedOut(Workspace workspace) {
    return find(workspace.task()).map(Workspace::branch);
  }

  /** Every worktree git knows of, including the main one and ones porch did not make. */
  List<WorkspaceInfo> list();

  /**
   * The tasks whose {@linkplain #defaultBranch default branch} exists as a local branch, with or
   * without a worktree: what a cleanup looks at for the branches of tasks whose worktree and status
   * a run already removed (a competitive round's losers keep their unmerged branches). The default,
   * for providers that cannot list branches, knows none.
   *
   * @return task to branch name, in name order
   */
  default java.util.SortedMap<TaskName, String> taskBranches() {
    return new java.util.TreeMap<>();
  }

  /**
   * The uncommitted and untracked paths in {@code task}'s worktree.
   *
   * @throws WorkspaceException if the task has no worktree
   */
  List<String> uncommitted(TaskName task);

  /**
   * Commits on the workspace's branch everything its agent left uncommitted or untracked, so that
   * what is judged is exactly what is merged. Honours {@code .gitignore}; never commits porch's
   * state ({@code .agent-status/}, {@code .worktrees/}) or files that {@code .worktreeinclude}
   * copies into new worktrees (such as {@code .env}). Called on an engine lane thread; blocks on
   * git. The default, for providers that cannot commit, succeeds only when nothing is left.
   *
   * @param workspace the workspace
   * @param author who the commit is by, e.g. the agent profile's name {@code claude}
   * @param message the commit message (first line: a summary of the work)
   * @return the commit, or empty when nothing was left uncommitted
   * @throws WorkspaceException if the worktree is gone or git refuses (a failing pre-commit hook)
   */
  default Optional<LeftoverCommit> commitLeftovers(Workspace workspace, String author, String message) {
    List<String> left = uncommitted(workspace.task());
    if (left.isEmpty()) {
      return Optional.empty();
    }
    throw new WorkspaceException("this workspace provider cannot commit the " + left.size()
        + " files the agent of " + workspace.task() + " left uncommitted", List.of());
  }

  /**
   * Removes {@code task}'s worktree (its branch stays).
   *
   * @param task the task
   * @param force also remove it when it has uncommitted or untracked changes
   * @throws DirtyWorktreeException if it has changes and {@code force} is false
   * @throws WorkspaceException if git fails
   */
  void remove(TaskName task, boolean force);

  /** Forgets worktrees whose folders were deleted by hand ({@code git worktree prune}). */
  void prune();

  /**
   * Completes or undoes what a crashed porch left half-done in the repository, where that loses
   * nothing: worktrees whose files were never fully written are removed (with their branch when it
   * has no commits of its own), a merge porch started and never finished is aborted (the target is
   * left exactly as before), admin entries of deleted folders are pruned. Anything else odd is
   * reported, not touched. Called by {@link Orchestrator#recover()}; the default finds nothing.
   *
   * @return what was repaired and what needs a person
   * @throws WorkspaceException if git fails
   */
  default RepairReport repair() {
    return RepairReport.NONE;
  }

  /**
   * Reads a small text file from a workspace, e.g. {@code RESULTS.md}.
   *
   * @param workspace the workspace
   * @param relativePath a path inside it; never allowed to leave it
   * @return the text, or empty when the file is absent
   * @throws IllegalArgumentException if the path leaves the workspace
   */
  Optional<String> readFile(Workspace workspace, String relativePath);}
