package dev.porch.git.internal.env;

import dev.porch.core.error.WorkspaceException;
import dev.porch.git.internal.GitCli;
import dev.porch.git.internal.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Copies the files {@code .worktreeinclude} lists (gitignore syntax, e.g. {@code .env}) from the main
 * worktree into a new one: only files that exist, are regular files (never symlinks), are ignored
 * by git (so a tracked file is never overwritten), and lie inside the repository on both sides.
 */
final class Includes {
  private final GitCli git;
  private final Layout layout;

  Includes(GitCli git, Layout layout) {
    this.git = git;
    this.layout = layout;
  }

  /** Copies the listed files into {@code worktree}; returns the repository-relative paths copied. */
  List<String> copyInto(Path worktree) {
    Path root = layout.root();
    Path list = layout.includeList();
    if (!Files.isRegularFile(list, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    // untracked files matching .worktreeinclude's patterns ...
    List<String> wanted = GitCli.splitNul(git.ok(root,
        List.of("ls-files", "-z", "--others", "--ignored", "--exclude-from=" + list)));
    if (wanted.isEmpty()) {
      return List.of();
    }
    // ... that git ignores too (folders come back whole, with a trailing '/')
    Set<String> ignored = new HashSet<>(GitCli.splitNul(git.ok(root,
        List.of("ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"))));
    List<String> copied = new ArrayList<>();
    try {
      Path realTree = worktree.toRealPath();
      for (String rel : wanted) {
        if (rel.startsWith(Layout.DIR + "/") || rel.startsWith(".agent-status/") || !isIgnored(rel, ignored)) {
          continue;
        }
        Path from = root.resolve(rel).normalize();
        if (!from.startsWith(root) || !Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)
            || !from.toRealPath().startsWith(root)) {
          continue; // a symlink, or a folder on the way that leads out of the repository
        }
        Path to = worktree.resolve(rel).normalize();
        if (!to.startsWith(worktree) || Files.exists(to, LinkOption.NOFOLLOW_LINKS)
            || !nearestExisting(to.getParent()).toRealPath().startsWith(realTree)) {
          continue;
        }
        Files.createDirectories(to.getParent());
        if (!to.getParent().toRealPath().startsWith(realTree)) {
          continue;
        }
        Files.copy(from, to, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        copied.add(rel);
      }
    } catch (IOException e) {
      throw new WorkspaceException("could not copy the files " + Layout.INCLUDE_FILE + " lists into " + worktree + ": " + e.getMessage(), e);
    }
    return copied;
  }

  private static boolean isIgnored(String rel, Set<String> ignored) {
    if (ignored.contains(rel)) {
      return true;
    }
    for (int slash = rel.indexOf('/'); slash >= 0; slash = rel.indexOf('/', slash + 1)) {
      if (ignored.contains(rel.substring(0, slash + 1))) {
        return true;
      }
    }
    return false;
  }

  private static Path nearestExisting(Path p) {
    Path q = p;
    while (q != null && !Files.exists(q, LinkOption.NOFOLLOW_LINKS)) {
      q = q.getParent();
    }
    return q == null ? p.getRoot() : q;
  }
}
