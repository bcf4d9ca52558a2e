package dev.porch.core.error;

import java.util.List;

/** Refusal to delete a branch whose commits are not all in the target branch. */
public final class UnmergedBranchException extends PorchException {
  private static final long serialVersionUID = 1L;
  private final String branch;
  private final String target;

  public UnmergedBranchException(String branch, String target) {
    super(
        "branch " + branch + " is not merged into " + target,
        List.of("merge it first, or delete it with force"),
        null);
    this.branch = branch;
    this.target = target;
  }

  public String branch() {
    return branch;
  }

  public String target() {
    return target;
  }
}
