package dev.porch.cli.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the paths a person typed (relative to where porch runs, as git takes them) into the
 * repository-relative, '/'-separated paths the review API takes, refusing what leaves the
 * repository or cannot be a path.
 */
public final class ReviewPaths {
  private ReviewPaths() {}

  /**
   * @param workDir where porch runs (after {@code -C}); inside a task's worktree, paths are relative
   *     to that worktree's top, as git would take them there
   * @param root the main worktree
   * @param typed the paths as typed
   * @return the repository-relative paths ({@code .} for the whole tree)
   * @throws UsageException for a path outside the repository, or one with control characters
   */
  public static List<String> repositoryRelative(Path workDir, Path root, List<String> typed) {
    Path top = topOf(workDir.toAbsolutePath().normalize(), root.toAbsolutePath().normalize());
    List<String> out = new ArrayList<>();
    for (String p : typed) {
      if (p.isEmpty() || p.chars().anyMatch(Sanitize::unsafe)) {
        throw Usage.error("path '" + Sanitize.text(p) + "' is " + (p.isEmpty() ? "empty" : "not a plain path (control characters)"));
      }
      Path abs;
      try {
        abs = workDir.toAbsolutePath().resolve(p).normalize();
      } catch (InvalidPathException e) {
        throw Usage.error("path '" + Sanitize.text(p) + "' is not a valid path here: " + e.getReason());
      }
      if (!abs.startsWith(top)) {
        throw Usage.error("path '" + Sanitize.text(p) + "' is outside the repository (" + top + ")");
      }
      String rel = top.relativize(abs).toString().replace('\\', '/');
      out.add(rel.isEmpty() ? "." : rel);
    }
    return out;
  }

  /** The top of the worktree {@code dir} is in: a task's worktree under {@code .worktrees/}, else the main one. */
  private static Path topOf(Path dir, Path root) {
    Path worktrees = dev.porch.core.StateLayout.of(root).worktreesFolder();
    if (dir.startsWith(worktrees) && dir.getNameCount() > worktrees.getNameCount()) {
      return worktrees.resolve(dir.getName(worktrees.getNameCount()));
    }
    return root;
  }
}
