package dev.porch.git.internal;

import dev.porch.core.TaskName;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.error.WorkspaceStateException.Kind;
import dev.porch.core.error.WorkspaceStateException;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceInfo;
import dev.porch.core.port.WorkspaceSpec;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Creates worktrees all or nothing. Checks everything it can first (clear errors, nothing made);
 * then makes the admin parts one by one and writes the files in parallel (see {@link Worktrees});
 * if any step fails, removes every worktree and branch it made before rethrowing.
 */
public final class Creator {
  private final Layout layout;
  private final Refs refs;
  private final Worktrees worktrees;
  private final Ports ports;
  private final ExecutorService pool;

  public Creator(Layout layout, Refs refs, Worktrees worktrees, Ports ports, ExecutorService pool) {
    this.layout = layout;
    this.refs = refs;
    this.worktrees = worktrees;
    this.ports = ports;
    this.pool = pool;
  }

  /** One worktree to make, checked. */
  public record Planned(TaskName task, Path path, String branch, String base) {}

  /**
   * Checks the specs and turns them into plans.
   *
   * @throws WorkspaceException naming the first problem; nothing has been made
   */
  public List<Planned> plan(List<WorkspaceSpec> specs, Function<TaskName, String> defaultBranch) {
    Set<TaskName> tasks = new HashSet<>();
    Set<String> branches = new HashSet<>();
    List<WorkspaceInfo> existing = worktrees.list();
    List<Planned> plans = new ArrayList<>();
    for (WorkspaceSpec s : specs) {
      TaskName t = s.task();
      if (!tasks.add(t)) {
        throw new WorkspaceException("task " + t + " is listed twice; task names must be distinct");
      }
      String branch = s.branch().orElseGet(() -> defaultBranch.apply(t));
      if (!Refs.validBranchName(branch)) {
        throw new WorkspaceException("'" + branch + "' is not a valid branch name", List.of("see 'git help check-ref-format'"));
      }
      if (!branches.add(branch) || refs.branchExists(branch)) {
        throw new WorkspaceStateException(Kind.BRANCH_EXISTS, Optional.of(t), branch,
            "branch " + branch + " already exists (for task " + t + ")",
            List.of("remove the task's worktree and branch first, or pick another name"));
      }
      String base = s.base().orElseGet(refs::currentBranch);
      if (refs.resolve(base).isEmpty()) {
        throw refs.hasCommits() ? new WorkspaceStateException(Kind.BASE_MISSING, Optional.of(t), base,
            "base branch '" + base + "' does not exist (for task " + t + ")",
            List.of("check the name with 'git branch --all', or give no base to use the current branch"))
            : Refs.noCommits();
      }
      Path path = layout.checked(t);
      if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        throw new WorkspaceStateException(Kind.FOLDER_EXISTS, Optional.of(t), path.toString(),
            "folder " + path + " already exists (for task " + t + ")",
            List.of("remove the task's worktree first, or pick another name"));
      }
      if (existing.stream().anyMatch(w -> w.task().equals(Optional.of(t)))) {
        throw new WorkspaceStateException(Kind.STALE_WORKTREE, Optional.of(t), path.toString(),
            "git still has a worktree registered for " + path + " though its folder is gone (git worktree prune forgets it)",
            List.of("run 'git worktree prune' and try again"));
      }
      plans.add(new Planned(t, path, branch, base));
    }
    return plans;
  }

  /**
   * Makes the planned worktrees.
   *
   * @throws WorkspaceException if any fails; everything made has been removed again
   */
  public List<Workspace> make(List<Planned> plans) {
    List<Planned> made = new ArrayList<>();
    try {
      for (Planned p : plans) {
        worktrees.addNoCheckout(p.path(), p.branch(), p.base());
        made.add(p);
      }
      List<Future<?>> writes = new ArrayList<>();
      for (Planned p : plans) {
        writes.add(pool.submit(() -> worktrees.populate(p.path())));
      }
      RuntimeException first = null;
      for (Future<?> f : writes) {
        try {
          Conflicts.Parallel.get(f); // wait for every one before any rollback
        } catch (RuntimeException e) {
          first = first == null ? e : first;
        }
      }
      if (first != null) {
        throw first;
      }
      Map<TaskName, OptionalInt> assigned = ports.assign(plans.stream().map(Planned::task).toList());
      List<Workspace> out = new ArrayList<>();
      for (Planned p : plans) {
        String commit = refs.commit(p.branch(), "branch").name();
        out.add(new Workspace(p.task(), p.path(), Layout.relative(p.task()), p.branch(), p.base(), commit,
            assigned.getOrDefault(p.task(), OptionalInt.empty())));
      }
      return out;
    } catch (RuntimeException e) {
      rollback(made, e);
      throw e;
    }
  }

  private void rollback(List<Planned> made, RuntimeException failure) {
    for (Planned p : made) {
      try {
        worktrees.find(p.task()).ifPresent(w -> worktrees.remove(w, true));
        if (refs.branchExists(p.branch())) {
          refs.deleteBranch(p.branch());
        }
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
    try {
      ports.release(made.stream().map(Planned::task).toList());
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
