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
        List.of("commit or stash them, or remove the worktree with force to discard them"),
        null);
    this.path = path;
    this.files = List.copyOf(files);
  }

  public Path path() {
    return path;
  }

  /** The uncommitted or untracked paths, relative to the worktree. */
  public List<String> files() {
    return files;
  }
}
