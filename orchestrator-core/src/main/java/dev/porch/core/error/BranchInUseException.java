package dev.porch.core.error;

import java.nio.file.Path;
import java.util.List;

/** Refusal to delete or check out a branch that another worktree has checked out. */
public final class BranchInUseException extends PorchException {
  private static final long serialVersionUID = 1L;
  private final String branch;
  private final transient Path worktree;

  public BranchInUseException(String branch, Path worktree) {
    super(
        "branch " + branch + " is checked out in worktree " + worktree,
        List.of("remove that worktree first, or switch it to another branch"),
        null);
    this.branch = branch;
    this.worktree = worktree;
  }

  public String branch() {
    return branch;
  }

  public Path worktree() {
    return worktree;
  }
}
