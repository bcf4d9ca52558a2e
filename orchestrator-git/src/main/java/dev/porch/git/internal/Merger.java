package dev.porch.git.internal;

import dev.porch.core.error.DirtyWorktreeException;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.MergeResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.lib.Constants;

/**
 * {@code --no-ff} merges into the branch checked out in the main worktree, through the git CLI: it
 * is git's own merge (ort, hooks, attributes, rerere), and on a conflict {@code git merge --abort}
 * puts the index, working tree and HEAD back exactly as they were. Merges are serialised: they
 * all write the main worktree.
 */
public final class Merger {
  private final GitCli git;
  private final Path root;
  private final Refs refs;
  private final Worktrees worktrees;
  private final ReentrantLock lock = new ReentrantLock();

  public Merger(GitCli git, Path root, Refs refs, Worktrees worktrees) {
    this.git = git;
    this.root = root;
    this.refs = refs;
    this.worktrees = worktrees;
  }

  /**
   * Merges {@code branch} into {@code target}.
   *
   * @throws DirtyWorktreeException if the main worktree has uncommitted changes to tracked files
   * @throws WorkspaceException if {@code target} is not checked out there, a branch is missing, or
   *     git fails
   */
  public MergeResult merge(String branch, String target, String message) {
    lock.lock();
    try {
      if (!refs.branchExists(branch)) {
        throw new WorkspaceException("branch '" + branch + "' does not exist", List.of("check the name with 'git branch'"));
      }
      String current = refs.currentBranch();
      if (!current.equals(target)) {
        throw new WorkspaceException(
            "the main worktree " + root + " has " + current + " checked out, not " + target,
            List.of("switch to it first (git switch " + target + "), or merge into " + current));
      }
      if (inProgress()) {
        throw new WorkspaceException(
            "a merge is already in progress in " + root,
            List.of("finish it (git commit) or abort it (git merge --abort) first"));
      }
      // untracked files are not checked: git merge itself refuses to overwrite one, changing nothing
      List<String> dirty = worktrees.changedTracked(root);
      if (!dirty.isEmpty()) {
        throw new DirtyWorktreeException(root, dirty);
      }
      if (refs.isMerged(branch, target)) {
        return MergeResult.upToDate(branch, target);
      }
      List<String> args = new ArrayList<>(GitCli.NO_LFS);
      if (!git.run(root, List.of("var", "GIT_COMMITTER_IDENT")).ok()) {
        // no identity configured: sign porch's merge commits as porch rather than fail
        args.addAll(List.of("-c", "user.name=porch", "-c", "user.email=porch@localhost"));
      }
      args.addAll(List.of("merge", "--no-ff", "--no-edit", "-m", message, Constants.R_HEADS + branch));
      String before = refs.commit(Constants.HEAD, "HEAD").name();
      GitCli.Result r;
      try {
        r = git.run(root, args);
      } catch (GitTimeoutException e) {
        return afterTimeout(branch, target, before, e);
      }
      if (r.ok()) {
        return MergeResult.merged(branch, target, refs.commit(Constants.HEAD, "HEAD").name());
      }
      return undo(branch, target, r);
    } finally {
      lock.unlock();
    }
  }

  /**
   * git was stopped part way, usually in a hook that waits on something. If the merge commit was
   * made (a {@code post-merge} hook hung), the merge stands; otherwise the index and working tree
   * it had already written are put back, so the main worktree is exactly as before.
   */
  private MergeResult afterTimeout(String branch, String target, String before, GitTimeoutException e) {
    String head = refs.commit(Constants.HEAD, "HEAD").name();
    if (!head.equals(before) && refs.isMerged(branch, target)) {
      return MergeResult.merged(branch, target, head);
    }
    GitCli.Result back = inProgress()
        ? git.run(root, List.of("merge", "--abort"))
        : git.run(root, List.of("reset", "-q", "--merge", Constants.HEAD));
    List<String> hints = new ArrayList<>();
    if (back.ok()) {
      hints.add("nothing was merged: " + root + " is as it was before");
    } else {
      hints.add("putting " + root + " back failed too (" + back.why() + "): inspect it with git status,"
          + " then git reset --merge");
    }
    hints.addAll(e.hints());
    throw new WorkspaceException("merging " + branch + " into " + target + " stopped: " + e.getMessage(), hints, e);
  }

  private MergeResult undo(String branch, String target, GitCli.Result failed) {
    GitCli.Result u = git.run(root, List.of("diff", "--name-only", "-z", "--diff-filter=U"));
    List<String> conflicts = u.ok() ? GitCli.splitNul(u.out()) : List.of();
    if (inProgress()) {
      GitCli.Result abort = git.run(root, List.of("merge", "--abort"));
      if (!abort.ok()) {
        throw new WorkspaceException(
            "merging " + branch + " into " + target + " failed and 'git merge --abort' failed too: " + abort.why(),
            List.of("inspect " + root + " with git status, then git merge --abort or git reset --merge"));
      }
    }
    return conflicts.isEmpty()
        ? MergeResult.failed(branch, target, failed.why())
        : MergeResult.conflict(branch, target, conflicts);
  }

  private boolean inProgress() {
    return git.run(root, List.of("rev-parse", "-q", "--verify", "MERGE_HEAD")).ok();
  }
}
