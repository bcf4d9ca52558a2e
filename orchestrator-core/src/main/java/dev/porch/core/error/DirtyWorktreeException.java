package dev.porch.core.error;

import java.nio.file.Path;
import java.util.List;

/** Refusal to remove or merge over a worktree that has uncommitted or untracked changes. */
public final class DirtyWorktreeException extends PorchException {
  private static final long serialVersionUID = 1L;
  private final transient Path path;
  private final List<String> files;

  public DirtyWorktreeException(Path path, List<String> files) {
    super(
        "worktree "
            + path
            + " has "
            + files.size()
            + " uncommitted file"
            + (files.size() == 1 ? "" : "s")
            + " ("
            + String.join(", ", files.subList(0, Math.min(5, files.size())))
            + (files.size() > 5 ? ", ..." : "")
            + ")",
        List.of(isTaskWorktree(path) ? "commit or stash them, or remove the worktree with force to discard them"
            : "commit or stash them, then merge again"),
        null);
    this.path = path;
    this.files = List.copyOf(files);
  }

  public Path path() {
    return path;
  }

  /**
   * Whether {@link #path} is a task's worktree (under {@code .worktrees/}), which a forced removal may
   * discard, rather than the main worktree a merge goes into, which porch never discards.
   */
  public boolean taskWorktree() {
    return isTaskWorktree(path);
  }

  private static boolean isTaskWorktree(Path path) {
    Path parent = path == null ? null : path.getParent();
    return parent != null && parent.getFileName() != null
        && parent.getFileName().toString().equals(dev.porch.core.StateLayout.WORKTREES_FOLDER);
  }

  /** The uncommitted or untracked paths, relative to the worktree. */
  public List<String> files() {
    return files;
  }
}
