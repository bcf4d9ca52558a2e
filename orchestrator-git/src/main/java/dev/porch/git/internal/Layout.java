package dev.porch.git.internal;

import dev.porch.core.StateLayout;
import dev.porch.core.TaskName;
import dev.porch.core.error.WorkspaceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where porch puts worktrees: {@code <root>/.worktrees/<task>} (from {@link StateLayout}), and the
 * guard that a path porch is about to write or delete really is inside {@code .worktrees/}, whatever
 * symlinks say. Files porch writes under the state folder go through {@code
 * dev.porch.files.StateFiles}.
 */
public final class Layout {
  /** The folder that holds task worktrees, relative to the root. */
  public static final String DIR = StateLayout.WORKTREES_FOLDER;

  /** The list of files to copy into new worktrees, in the main worktree. */
  public static final String INCLUDE_FILE = ".worktreeinclude";

  private final Path root;
  private final StateLayout state;
  private final Path dir;

  /** @param root the main worktree, a real (symlink-free) absolute path */
  public Layout(Path root) {
    this.root = root;
    this.state = StateLayout.of(root);
    this.dir = state.worktreesFolder();
  }

  public Path root() {
    return root;
  }

  /** The whole state layout of this repository. */
  public StateLayout state() {
    return state;
  }

  /**
   * {@code <root>/.worktreeinclude}: the untracked files a new worktree gets a copy of, and that
   * porch never commits from one.
   */
  public Path includeList() {
    return root.resolve(INCLUDE_FILE);
  }

  /** {@code <root>/.worktrees}. */
  public Path dir() {
    return dir;
  }

  /** {@code <root>/.worktrees/<task>}, not checked. */
  public Path path(TaskName task) {
    return state.worktree(task);
  }

  /** {@code .worktrees/<task>}, with forward slashes, as status files write it. */
  public static String relative(TaskName task) {
    return StateLayout.relativeWorktree(task);
  }

  /**
   * {@code <root>/.worktrees/<task>} after checking that neither {@code .worktrees} nor the task
   * folder is a symlink or resolves anywhere else.
   *
   * @throws WorkspaceException if either does
   */
  public Path checked(TaskName task) {
    checkReal(dir);
    Path p = path(task);
    checkReal(p);
    return p;
  }

  private void checkReal(Path p) {
    String where = p.startsWith(dir) && !p.equals(dir) ? "the repository's " + DIR + "/ folder" : "the repository";
    if (Files.isSymbolicLink(p)) {
      throw new WorkspaceException(
          p + " is a symbolic link; porch only works on real folders inside " + where,
          List.of("remove the link (it is not porch's) and try again"));
    }
    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      try {
        if (!p.toRealPath().equals(p)) {
          throw new WorkspaceException(
              p + " resolves to " + p.toRealPath() + ", outside " + where,
              List.of("porch refuses to touch it; move it away by hand"));
        }
      } catch (IOException e) {
        throw new WorkspaceException("cannot read " + p + ": " + e.getMessage(), e);
      }
    }
  }

  /** The task whose worktree folder {@code path} is, if it lies directly under {@code .worktrees/}. */
  public Optional<TaskName> taskOf(Path path) {
    Path p = path.toAbsolutePath().normalize();
    Path parent = p.getParent();
    if (parent == null || p.getFileName() == null) {
      return Optional.empty();
    }
    if (!parent.equals(dir)) {
      try {
        if (!Files.exists(parent) || !parent.toRealPath().equals(dir)) {
          return Optional.empty();
        }
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    String name = p.getFileName().toString();
    return TaskName.isValid(name) ? Optional.of(TaskName.of(name)) : Optional.empty();
  }

  /** The task whose worktree holds {@code cwd} (or a folder inside it). */
  public Optional<TaskName> taskContaining(Path cwd) {
    Path p;
    try {
      p = cwd.toRealPath();
    } catch (IOException e) {
      p = cwd.toAbsolutePath().normalize();
    }
    if (!p.startsWith(dir) || p.equals(dir)) {
      return Optional.empty();
    }
    return taskOf(dir.resolve(dir.relativize(p).getName(0)));
  }
}
