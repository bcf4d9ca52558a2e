package dev.porch.git.internal;

import dev.porch.core.error.WorkspaceException;
import dev.porch.core.error.WorkspaceStateException.Kind;
import dev.porch.core.error.WorkspaceStateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Finds the main worktree of the repository around a folder. */
public final class Discovery {
  private Discovery() {}

  /**
   * {@code cwd}, absolute, checked to be a folder.
   *
   * @throws WorkspaceException if it is not
   */
  public static Path existingFolder(Path cwd) {
    Path dir = cwd.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new WorkspaceStateException(Kind.NO_SUCH_FOLDER, Optional.empty(), dir.toString(), "folder " + dir + " does not exist",
          List.of("give an existing folder"));
    }
    return dir;
  }

  /**
   * The main worktree's root, real and absolute, from any folder of the repository or of one of
   * its linked worktrees. {@code git worktree list} always prints the main worktree first.
   *
   * @throws WorkspaceException if {@code cwd} is in no repository, or the repository is bare
   */
  public static Path root(GitCli git, Path cwd) {
    Path dir = existingFolder(cwd);
    GitCli.Result r = git.run(dir, List.of("worktree", "list", "--porcelain", "-z"));
    if (!r.ok()) {
      if (r.err().contains("not a git repository")) {
        throw new WorkspaceStateException(Kind.NOT_A_REPOSITORY, Optional.empty(), dir.toString(),
            "not a git repository (or any parent up to /): " + dir, List.of("give a folder inside a git repository"));
      }
      throw GitCli.failure(r, dir);
    }
    List<WorktreeList.Entry> entries = WorktreeList.parse(r.out(), null);
    if (entries.isEmpty()) {
      throw GitCli.failure(r, dir);
    }
    WorktreeList.Entry main = entries.get(0);
    if (main.bare()) {
      throw new WorkspaceException(
          main.info().path() + " is a bare repository; porch needs a working tree to make worktrees next to",
          List.of("clone it (git clone " + main.info().path() + " DIR) and run porch in the clone"));
    }
    try {
      return main.info().path().toRealPath();
    } catch (IOException e) {
      throw new WorkspaceException("cannot read " + main.info().path() + ": " + e.getMessage(), e);
    }
  }
}
