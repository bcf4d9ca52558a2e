package dev.porch.git;

import dev.porch.core.ConflictMatrix;
import dev.porch.core.DirtyWorktreeException;
import dev.porch.core.MergeResult;
import dev.porch.core.WorkspaceException;
import dev.porch.git.internal.Git;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Conflict prediction with {@code git merge-tree --write-tree}, and {@code --no-ff} merges. */
final class Merges {
  private Merges() {}

  /** Every pair, in parallel; merge-tree touches no working tree, index or ref. */
  static ConflictMatrix predict(Git git, Path root, List<String> branches, int parallelism) {
    ConflictMatrix.Builder m = ConflictMatrix.builder(branches);
    if (branches.size() < 2) {
      return m.build();
    }
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
      Thread t = new Thread(r, "porch-git-merge-tree");
      t.setDaemon(true);
      return t;
    });
    try {
      List<String[]> pairs = new ArrayList<>();
      List<Future<Git.Result>> results = new ArrayList<>();
      for (int i = 0; i < branches.size(); i++) {
        for (int j = i + 1; j < branches.size(); j++) {
          String a = branches.get(i);
          String b = branches.get(j);
          pairs.add(new String[] {a, b});
          results.add(pool.submit(() -> git.run(root, "merge-tree", "--write-tree", "--name-only", "--no-messages", a, b)));
        }
      }
      for (int k = 0; k < pairs.size(); k++) {
        Git.Result r = results.get(k).get();
        if (r.exit() == 1) {
          List<String> lines = r.lines();
          m.conflict(pairs.get(k)[0], pairs.get(k)[1], lines.subList(Math.min(1, lines.size()), lines.size()).stream()
              .filter(l -> !l.isBlank()).distinct().toList());
        } else if (r.exit() != 0) {
          throw Git.failure(r, "merge-tree");
        }
      }
      return m.build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WorkspaceException("interrupted while predicting conflicts", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new WorkspaceException("merge-tree failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** A real merge commit in the main worktree; a conflict is aborted and leaves nothing behind. */
  static MergeResult merge(GitWorkspaces owner, Git git, Path root, String branch, String target, String message) {
    String current = owner.currentBranch();
    if (!current.equals(target)) {
      throw new WorkspaceException("cannot merge into " + target + ": the main worktree has " + current + " checked out",
          List.of("switch to it first (git switch " + target + ")"));
    }
    List<String> dirty = git.check(root, "status", "--porcelain=v1", "-z", "--untracked-files=no").fields().stream()
        .filter(f -> f.length() > 3).map(f -> f.substring(3)).toList();
    if (!dirty.isEmpty()) {
      throw new DirtyWorktreeException(root, dirty);
    }
    if (owner.resolve(branch).isEmpty()) {
      return MergeResult.failed(branch, target, "branch " + branch + " does not exist");
    }
    if (owner.isMerged(branch, target)) {
      return MergeResult.upToDate(branch, target);
    }
    String before = owner.resolve("HEAD").orElseThrow();
    List<String> args = new ArrayList<>();
    if (!git.run(root, "var", "GIT_COMMITTER_IDENT").ok()) {
      // no identity configured: sign porch's merge commits as porch rather than fail
      args.addAll(List.of("-c", "user.name=porch", "-c", "user.email=porch@localhost"));
    }
    args.addAll(List.of("merge", "--no-ff", "--no-edit", "-m", message, "--end-of-options", branch));
    Git.Result r = git.run(root, Map.of(), args);
    if (r.ok()) {
      return MergeResult.merged(branch, target, owner.resolve("HEAD").orElseThrow());
    }
    List<String> conflicts = git.run(root, "diff", "--name-only", "--diff-filter=U").lines();
    Git.Result abort = git.run(root, "merge", "--abort");
    String after = owner.resolve("HEAD").orElse("");
    if (!abort.ok() || !after.equals(before)) {
      throw new WorkspaceException("merging " + branch + " failed and could not be undone cleanly: " + r.err().strip()
          + " / " + abort.err().strip(), List.of("inspect the repository with git status before going on"));
    }
    return conflicts.isEmpty()
        ? MergeResult.failed(branch, target, (r.err().isBlank() ? r.out() : r.err()).strip())
        : MergeResult.conflict(branch, target, conflicts);
  }
}
