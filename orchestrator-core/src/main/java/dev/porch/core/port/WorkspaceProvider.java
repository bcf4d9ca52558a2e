package dev.porch.core.port;

import dev.porch.core.Orchestrator;
import dev.porch.core.RepairReport;
import dev.porch.core.TaskName;
import dev.porch.core.error.BranchInUseException;
import dev.porch.core.error.DirtyWorktreeException;
import dev.porch.core.error.UnmergedBranchException;
import dev.porch.core.error.WorkspaceException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Port: isolated workspaces (git worktrees and branches) for tasks, and the git questions and
 * actions the engine needs around them. The default adapter is {@code
 * dev.porch.git.GitWorkspaces.open(repo)}.
 *
 * <p><b>Threads.</b> The engine calls it from its worker threads, possibly from several at once;
 * implementations must be thread-safe (serialising internally where git needs it). Every method may
 * block on disk and child processes.
 *
 * <p><b>Safety, always.</b> An implementation never deletes or writes outside {@code
 * <root>/.worktrees/} except for refs and merge commits in the repository itself; never removes a
 * worktree with uncommitted or untracked changes unless forced; never deletes a branch that is not
 * merged into the target unless forced, nor one checked out in another worktree; and leaves the
 * repository exactly as it was when an operation fails or a merge conflicts. Branch and task names
 * coming from status files are never trusted for a path.
 *
 * <p><b>Errors.</b> Methods throw {@link WorkspaceException} (or a subclass) for failures a caller
 * can act on; to the engine, an exception from {@link #create} fails the tasks being created, and
 * one from any other method fails the step, not the run.
 *
 * <pre>{@code
 * WorkspaceProvider git = GitWorkspaces.open(Path.of("."));
 * List<Workspace> ws = git.create(List.of(WorkspaceSpec.of(TaskName.of("auth-1"), "main")));
 * MergeResult r = git.merge(ws.get(0).branch(), "main", "Merge auth-1: login form");
 * }</pre>
 */
public interface WorkspaceProvider {
  /** The repository's main worktree, absolute. */
  Path root();

  /**
   * The branch checked out in the main worktree.
   *
   * @throws WorkspaceException if HEAD is detached or the repository has no commits
   */
  String currentBranch();

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
   * The uncommitted and untracked paths in {@code task}'s worktree.
   *
   * @throws WorkspaceException if the task has no worktree
   */
  List<String> uncommitted(TaskName task);

  /**
   * How many commits {@code branch} has that {@code base} does not ({@code git rev-list --count
   * base..branch}); 0 means merging it would bring nothing. The default answers 0 when the branch is
   * merged into the base and -1 (not counted) otherwise.
   *
   * @throws WorkspaceException if either does not exist
   */
  default int commitsAhead(String branch, String base) {
    return isMerged(branch, base) ? 0 : -1;
  }

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
   * Resolves a branch or commit to a commit id.
   *
   * @param ref a branch name or commit
   * @return the commit id, or empty if it does not exist
   */
  Optional<String> resolve(String ref);

  /**
   * Files changed on {@code branch} since it forked from {@code base}, with renames detected: the
   * same answer as {@code git diff --name-status -M base...branch}.
   */
  List<ChangedFile> changedFiles(String branch, String base);

  /** Size of {@code branch}'s change since it forked from {@code base}. */
  DiffStat diffStat(String branch, String base);

  /**
   * The subject and body of the newest commit on {@code branch} that is not on {@code base}.
   *
   * @return the message, or empty when the branch has no commits of its own
   */
  Optional<String> lastCommitMessage(String branch, String base);

  /**
   * Reads a small text file from a workspace, e.g. {@code RESULTS.md}.
   *
   * @param workspace the workspace
   * @param relativePath a path inside it; never allowed to leave it
   * @return the text, or empty when the file is absent
   * @throws IllegalArgumentException if the path leaves the workspace
   */
  Optional<String> readFile(Workspace workspace, String relativePath);

  /**
   * Predicts, without touching any working tree or ref, which pairs of {@code branches} would
   * conflict if both were merged into {@code target}.
   */
  ConflictMatrix predictConflicts(List<String> branches, String target);

  /**
   * Merges {@code branch} into {@code target} with a merge commit ({@code --no-ff}) and {@code
   * message}, in the main worktree, which must have {@code target} checked out. A conflict aborts
   * cleanly and is reported in the result.
   *
   * @throws DirtyWorktreeException if the main worktree has uncommitted changes
   * @throws WorkspaceException if {@code target} is not checked out in the main worktree or git fails
   */
  MergeResult merge(String branch, String target, String message);

  /**
   * Whether every commit of {@code branch} is in {@code target}.
   *
   * @throws WorkspaceException if either does not exist
   */
  boolean isMerged(String branch, String target);

  /**
   * Deletes {@code branch}.
   *
   * @param branch the branch
   * @param target the branch it must be merged into
   * @param force delete it even when not merged
   * @throws UnmergedBranchException if not merged and not forced
   * @throws BranchInUseException if a worktree has it checked out (even when forced)
   */
  void deleteBranch(String branch, String target, boolean force);
}
