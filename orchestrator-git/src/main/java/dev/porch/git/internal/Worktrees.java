package dev.porch.git.internal;

import dev.porch.core.TaskName;
import dev.porch.core.error.DirtyWorktreeException;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.WorkspaceInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Worktree lifecycle through the git CLI (JGit has no API to add, list, lock or remove
 * worktrees, and porch must not hand-write git's admin files).
 *
 * <p>git's worktree admin commands are not safe to run concurrently in one repository (8 parallel
 * {@code git worktree add} failed 2 to 4 times in 8 with "failed to read .git/worktrees/x/commondir",
 * DESIGN.md), so every command that writes {@code .git/worktrees/} runs under one lock. Thread-safe.
 */
public final class Worktrees {
  private final GitCli git;
  private final Layout layout;
  private final ReentrantLock admin = new ReentrantLock();

  public Worktrees(GitCli git, Layout layout) {
    this.git = git;
    this.layout = layout;
  }

  /** The lock every writer of git's worktree admin area holds. */
  public ReentrantLock adminLock() {
    return admin;
  }

  /** Every worktree git knows of, main first. */
  public List<WorkspaceInfo> list() {
    String out = git.ok(layout.root(), List.of("worktree", "list", "--porcelain", "-z"));
    List<WorkspaceInfo> infos = new ArrayList<>();
    for (WorktreeList.Entry e : WorktreeList.parse(out, layout)) {
      infos.add(e.info());
    }
    return infos;
  }

  /** The worktree git has for {@code task}, if any. */
  public Optional<WorkspaceInfo> find(TaskName task) {
    return list().stream().filter(w -> w.task().equals(Optional.of(task))).findFirst();
  }

  /**
   * What the linked worktree at {@code path} has checked out: a branch's short name, a commit id
   * when detached, or empty when it is gone. Reads the two small files git keeps for it ({@code
   * <path>/.git} names the admin folder under {@code <commonDir>/worktrees/}, whose {@code HEAD}
   * names the branch) instead of starting {@code git worktree list}: 0.1 ms instead of about 5 ms
   * and a process per finished agent. Anything unusual (a {@code .git} folder, an admin folder
   * elsewhere, a HEAD that is neither a ref nor an id) is left to {@code git worktree list}.
   *
   * @param path a worktree folder
   * @param commonDir the repository's common git folder ({@code .git})
   */
  public Optional<String> checkedOut(Path path, Path commonDir) {
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    Optional<String> quick = quickHead(path, commonDir);
    if (quick != null) {
      return quick;
    }
    Path folder = path.toAbsolutePath().normalize();
    return list().stream().filter(w -> !w.prunable() && w.path().toAbsolutePath().normalize().equals(folder))
        .findFirst().flatMap(w -> w.branch().or(w::head));
  }

  /** {@code null} when the files are not as git writes them for a linked worktree. */
  private static Optional<String> quickHead(Path path, Path commonDir) {
    try {
      Path dotGit = path.resolve(".git");
      if (!Files.isRegularFile(dotGit, LinkOption.NOFOLLOW_LINKS) || Files.size(dotGit) > 4096) {
        return null;
      }
      String line = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
      if (!line.startsWith("gitdir: ")) {
        return null;
      }
      Path admin = path.resolve(line.substring("gitdir: ".length())).normalize();
      Path worktrees = commonDir.toAbsolutePath().normalize().resolve("worktrees");
      if (!admin.startsWith(worktrees) || admin.getNameCount() != worktrees.getNameCount() + 1) {
        return null;
      }
      Path head = admin.resolve("HEAD");
      if (!Files.exists(admin.resolve("gitdir"), LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty(); // pruned: git no longer knows this worktree
      }
      if (!Files.isRegularFile(head, LinkOption.NOFOLLOW_LINKS) || Files.size(head) > 4096) {
        return null;
      }
      String h = Files.readString(head, StandardCharsets.UTF_8).strip();
      if (h.startsWith("ref: refs/heads/")) {
        return Optional.of(h.substring("ref: refs/heads/".length()));
      }
      return h.matches("[0-9a-f]{40}|[0-9a-f]{64}") ? Optional.of(h) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Where {@code branch} is checked out, if anywhere. */
  public Optional<WorkspaceInfo> checkedOut(String branch) {
    return list().stream().filter(w -> w.branch().equals(Optional.of(branch))).findFirst();
  }

  /**
   * Makes the admin part of a worktree and its branch, without writing any file of the working
   * tree: about 6 ms, done one at a time (see the class comment).
   */
  public void addNoCheckout(Path path, String branch, String base) {
    admin.lock();
    try {
      GitCli.Result r = git.run(
          layout.root(),
          List.of("worktree", "add", "--no-checkout", "--no-track", "-b", branch, path.toString(), base));
      if (!r.ok()) {
        throw new WorkspaceException("could not create worktree " + path + " on branch " + branch + ": " + r.why());
      }
    } finally {
      admin.unlock();
    }
  }

  /**
   * Writes the files of a worktree made by {@link #addNoCheckout}: the slow part, safe to run for
   * several worktrees at once since each touches only its own index and folder. Git LFS filters
   * are switched off so that pointer files don't fail without git-lfs installed.
   */
  public void populate(Path path) {
    List<String> args = new ArrayList<>(GitCli.NO_LFS);
    args.addAll(List.of("reset", "--hard", "--quiet"));
    GitCli.Result r = git.run(path, args);
    if (!r.ok()) {
      throw new WorkspaceException("could not check out the files of " + path + ": " + r.why());
    }
  }

  /** Uncommitted and untracked paths in a worktree, relative to it. */
  public List<String> uncommitted(Path path) {
    return status(path, true);
  }

  /** Uncommitted changes to tracked files only. */
  public List<String> changedTracked(Path path) {
    return status(path, false);
  }

  private List<String> status(Path path, boolean untracked) {
    String out = git.ok(
        path, List.of("status", "--porcelain=v1", "-z", "--untracked-files=" + (untracked ? "all" : "no")));
    List<String> files = new ArrayList<>();
    List<String> fields = GitCli.splitNul(out);
    for (int i = 0; i < fields.size(); i++) {
      String f = fields.get(i);
      if (f.length() < 4) {
        continue;
      }
      files.add(f.substring(3));
      if (f.charAt(0) == 'R' || f.charAt(0) == 'C') {
        i++; // the rename's source follows in its own field
      }
    }
    return files;
  }

  /**
   * Removes a worktree folder and its admin entry.
   *
   * @throws DirtyWorktreeException if it has changes and {@code force} is false
   */
  public void remove(WorkspaceInfo w, boolean force) {
    admin.lock();
    try {
      if (w.prunable()) {
        prune();
        return;
      }
      if (!force) {
        List<String> dirty = uncommitted(w.path());
        if (!dirty.isEmpty()) {
          throw new DirtyWorktreeException(w.path(), dirty);
        }
        if (w.locked()) {
          throw new WorkspaceException(
              "worktree " + w.path() + " is locked (git worktree lock)",
              List.of("unlock it with 'git worktree unlock " + w.path() + "', or use --force"));
        }
      }
      List<String> args = new ArrayList<>(List.of("worktree", "remove"));
      if (force) {
        args.add("--force");
        if (w.locked()) {
          args.add("--force"); // git needs it twice for a locked worktree
        }
      }
      args.add(w.path().toString());
      GitCli.Result r = git.run(layout.root(), args);
      if (!r.ok()) {
        throw new WorkspaceException("could not remove worktree " + w.path() + ": " + r.why());
      }
    } finally {
      admin.unlock();
    }
  }

  /** {@code git worktree prune}. */
  public void prune() {
    admin.lock();
    try {
      git.ok(layout.root(), List.of("worktree", "prune"));
    } finally {
      admin.unlock();
    }
  }
}
