package dev.porch.core.port;

import dev.porch.core.error.BranchInUseException;
import dev.porch.core.error.DirtyWorktreeException;
import dev.porch.core.error.UnmergedBranchException;
import dev.porch.core.error.WorkspaceException;
import java.util.List;
import java.util.Optional;

/**
 * Port: the repository's answers about branches (what changed, how much, what would conflict,
 * what is merged) and the merges and branch deletions that end a run. The worktrees themselves are
 * the other half, {@link Worktrees}; a {@link WorkspaceProvider} is both. The default adapter is
 * {@code dev.porch.git.GitWorkspaces.open(repo)}.
 *
 * <p><b>Threads.</b> Called from the engine's worker threads, possibly several at once;
 * implementations must be thread-safe. Every method may block on disk and child processes.
 *
 * <p><b>Safety, always.</b> Questions never change a working tree or a ref. A merge writes only
 * the target branch's merge commit in the main worktree and leaves the repository exactly as it
 * was when it conflicts or fails. A branch that is not merged into the target is never deleted
 * unless forced, nor one checked out in a worktree. Branch names from status files are never
 * trusted for a path.
 *
 * <p><b>Errors.</b> {@link WorkspaceException} (or a subclass) for failures a caller can act on;
 * to the engine, an exception fails the step, not the run.
 *
 * <pre>{@code
 * Branches git = GitWorkspaces.open(Path.of("."));
 * ConflictMatrix m = git.predictConflicts(List.of("feature/a", "feature/b"), "main");
 * MergeResult r = git.merge("feature/a", "main", "Merge a: login form");
 * }</pre>
 *
 * <p>Implement it with the contract tests in {@code orchestrator-core}'s test jar ({@code
 * BranchesContract}); 9 methods are abstract, the rest have defaults.
 */
public interface Branches {

  /**
   * The branch checked out in the main worktree.
   *
   * @throws WorkspaceException if HEAD is detached or the repository has no commits
   */
  String currentBranch();

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
  void deleteBranch(String branch, String target, boolean force);}
