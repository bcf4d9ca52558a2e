package dev.porch.cli.internal;

import dev.porch.core.error.BranchInUseException;
import dev.porch.core.error.DirtyWorktreeException;
import dev.porch.core.error.PorchException;
import dev.porch.core.error.StatusFileException;
import dev.porch.core.error.TaskExistsException;
import dev.porch.core.error.TaskInOtherRunException;
import dev.porch.core.error.UnmergedBranchException;
import dev.porch.core.error.WorkspaceStateException;
import java.util.List;

/**
 * The CLI's words for what to do about a library failure: the library's exceptions carry data and
 * library-worded hints (an embedder has no {@code porch} command line); here they become the
 * commands and flags a CLI user types. Types not listed keep the exception's own hints.
 */
public final class CliHints {
  private CliHints() {}

  /** The hint lines to print for {@code ex}. */
  public static List<String> of(PorchException ex) {
    if (ex instanceof UnmergedBranchException) {
      return List.of("merge it first (porch sync --merge), or use --force to delete it anyway");
    }
    if (ex instanceof BranchInUseException) {
      return List.of("remove that worktree first (porch cleanup), or switch it to another branch");
    }
    if (ex instanceof DirtyWorktreeException) {
      // --force discards a task's worktree on cleanup; the main worktree a merge goes into is never discarded
      return ((DirtyWorktreeException) ex).taskWorktree()
          ? List.of("commit or stash them, or use --force to discard them")
          : List.of("commit or stash them, then merge again");
    }
    if (ex instanceof TaskExistsException) {
      TaskExistsException e = (TaskExistsException) ex;
      return List.of("clean it up first: porch cleanup " + e.feature() + ", or pick another feature name",
          "or continue it: porch recover");
    }
    if (ex instanceof TaskInOtherRunException) {
      TaskInOtherRunException e = (TaskInOtherRunException) ex;
      return List.of("resume run " + e.run() + " instead, or clean it up: porch cleanup " + e.task());
    }
    if (ex instanceof WorkspaceStateException) {
      return of((WorkspaceStateException) ex);
    }
    if (ex instanceof dev.porch.core.review.ReviewException) {
      return of((dev.porch.core.review.ReviewException) ex);
    }
    if (ex instanceof StatusFileException && ((StatusFileException) ex).rebuildable()) {
      return List.of("fix or delete the file; porch recover can rebuild it from git");
    }
    return ex.hints();
  }

  private static List<String> of(WorkspaceStateException ex) {
    String task = ex.task().map(Object::toString).orElse("");
    switch (ex.kind()) {
      case NO_SUCH_FOLDER:
        return List.of("use -C DIR with an existing folder");
      case NOT_A_REPOSITORY:
        return List.of("run porch inside a git repository, or use -C DIR");
      case DETACHED_HEAD:
        return List.of("check out a branch (git switch main), or give a base branch (--base)");
      case BASE_MISSING:
        return List.of("check the name with 'git branch --all', or leave --base out to use the current branch");
      case BRANCH_EXISTS:
        return List.of("clean it up first (porch cleanup " + task + " --delete-branches), or pick another name");
      case FOLDER_EXISTS:
        return List.of("clean it up first (porch cleanup " + task + "), or pick another name");
      case STALE_WORKTREE:
        return List.of("run 'git worktree prune' (or porch cleanup " + task + ") and try again");
      default:
        return ex.hints();
    }
  }

  private static List<String> of(dev.porch.core.review.ReviewException ex) {
    String task = ex.task().map(Object::toString).orElse("TASK");
    switch (ex.kind()) {
      case UNKNOWN_TASK:
        return List.of("see the tasks with porch status");
      case NO_BRANCH:
        return List.of("its work is gone from this repository; see porch status for the others");
      case NOT_COMPLETE:
        return ex.state().map(s -> s == dev.porch.core.AgentState.RUNNING || s == dev.porch.core.AgentState.PENDING).orElse(false)
            ? List.of("wait for it (porch status --watch), or look at its work so far with porch diff " + task)
            : List.of("look at its work with porch diff " + task + "; if it is good, mark it complete from its worktree"
                + " (porch complete) and pick it again");
      case NO_COMMITS:
        return List.of("see porch diff " + task + " and git log; pick another attempt (porch compare)");
      case FOREIGN_BRANCH:
        return List.of("fix or delete its status file in " + dev.porch.core.StateLayout.STATUS_FOLDER
            + "/; porch never follows a branch a status file names");
      case TARGET_IS_BRANCH:
        return List.of("check out the branch to merge into first (git switch main)");
      case NO_ATTEMPTS:
        return List.of("start a run (porch compete ...), or name tasks: porch compare TASK...");
      default:
        return ex.hints();
    }
  }
}
