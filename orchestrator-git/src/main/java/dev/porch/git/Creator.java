package dev.porch.git;

import dev.porch.core.TaskName;
import dev.porch.core.Workspace;
import dev.porch.core.WorkspaceException;
import dev.porch.core.WorkspaceSpec;
import dev.porch.git.internal.Git;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Makes worktrees all or nothing. {@code git worktree add} is not safe to run concurrently in one
 * repository (DESIGN.md: 2-4 of 8 failed with "failed to read .git/worktrees/NAME/commondir"), so
 * the admin entries are made one by one with {@code --no-checkout} (milliseconds each); writing the
 * files, where the time goes, then runs in parallel.
 */
final class Creator {
  private final GitWorkspaces owner;
  private final Git git;
  private final Path root;
  private final Path worktrees;
  private final int parallelism;

  private record Planned(TaskName task, Path path, String branch, String base, String baseCommit) {}

  Creator(GitWorkspaces owner, Git git, Path root, Path worktrees, int parallelism) {
    this.owner = owner;
    this.git = git;
    this.root = root;
    this.worktrees = worktrees;
    this.parallelism = parallelism;
  }

  List<Workspace> create(List<WorkspaceSpec> specs) {
    if (specs.isEmpty()) {
      return List.of();
    }
    owner.requireCommits();
    List<Planned> plan = plan(specs);
    List<Planned> made = new ArrayList<>();
    synchronized (owner.createLock()) {
      try {
        for (Planned p : plan) {
          Git.Result r = git.run(root, "worktree", "add", "--no-checkout", "-b", p.branch(), p.path().toString(), p.baseCommit());
          if (!r.ok()) {
            throw Git.failure(r, "worktree", "add");
          }
          made.add(p);
        }
        populate(made);
      } catch (RuntimeException e) {
        rollback(made, e);
        throw e;
      }
    }
    var ports = owner.assignPorts(plan.stream().map(Planned::task).toList());
    List<Workspace> out = new ArrayList<>();
    for (Planned p : plan) {
      out.add(new Workspace(p.task(), p.path(), GitWorkspaces.FOLDER + "/" + p.task(), p.branch(), p.base(),
          p.baseCommit(), ports.get(p.task())));
    }
    return out;
  }

  private List<Planned> plan(List<WorkspaceSpec> specs) {
    Set<TaskName> seen = new HashSet<>();
    Set<String> branches = new HashSet<>();
    List<Planned> plan = new ArrayList<>();
    String current = null;
    for (WorkspaceSpec s : specs) {
      if (!seen.add(s.task())) {
        throw new WorkspaceException("task " + s.task() + " is listed twice");
      }
      Path path = owner.safePath(s.task());
      if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        throw new WorkspaceException("folder " + root.relativize(path) + " already exists",
            List.of("pick another name, or remove it first: porch cleanup " + s.task()));
      }
      String branch = s.branch().orElse(owner.defaultBranch(s.task()));
      if (!git.run(root, "check-ref-format", "--branch", branch).ok() || branch.startsWith("-")) {
        throw new WorkspaceException("'" + branch + "' is not a valid branch name");
      }
      if (!branches.add(branch) || git.run(root, "show-ref", "--verify", "-q", "refs/heads/" + branch).ok()) {
        throw new WorkspaceException("branch " + branch + " already exists",
            List.of("pick another feature name, or delete the branch: porch cleanup " + s.task() + " --delete-branches"));
      }
      String base;
      if (s.base().isPresent()) {
        base = s.base().get();
      } else {
        if (current == null) {
          current = owner.currentBranch();
        }
        base = current;
      }
      String commit = owner.resolve(base).orElseThrow(() -> new WorkspaceException(
          "base branch '" + base + "' does not exist", List.of("list branches with git branch, or give one with --base")));
      plan.add(new Planned(s.task(), path, branch, base, commit));
    }
    return plan;
  }

  private void populate(List<Planned> made) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, made.size()), r -> {
      Thread t = new Thread(r, "porch-git-checkout");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Git.Result>> results = new ArrayList<>();
      for (Planned p : made) {
        results.add(pool.submit(() -> git.run(p.path(), "reset", "--hard", "-q")));
      }
      for (int i = 0; i < made.size(); i++) {
        Git.Result r = results.get(i).get();
        if (!r.ok()) {
          throw Git.failure(r, "reset");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WorkspaceException("interrupted while checking out worktrees", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new WorkspaceException("checkout failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private void rollback(List<Planned> made, RuntimeException cause) {
    for (Planned p : made) {
      Git.Result r = git.run(root, "worktree", "remove", "--force", "--force", p.path().toString());
      Git.Result b = git.run(root, "branch", "-D", "--", p.branch());
      if (!r.ok() || !b.ok()) {
        cause.addSuppressed(new WorkspaceException("rollback of " + p.task() + " incomplete: " + r.err() + b.err()));
      }
    }
    git.run(root, "worktree", "prune");
  }
}
