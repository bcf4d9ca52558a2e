package dev.porch.core.internal.recovery;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.RecoveryReport;
import dev.porch.core.RepairReport;
import dev.porch.core.TaskName;
import dev.porch.core.error.StatusFileException;
import dev.porch.core.internal.engine.EngineContext;
import dev.porch.core.internal.engine.EventBus;
import dev.porch.core.internal.engine.StatusFacts;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.StatusListing;
import dev.porch.core.port.WorkspaceInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rebuilds the picture after a crash from the status files and git alone: adopts agents that are
 * still alive, fails RUNNING tasks whose agent is gone, and reports what does not add up.
 */
public final class Recovery {
  static final String GONE = "orchestrator stopped; agent no longer running";
  private final EngineContext ctx;

  public Recovery(EngineContext ctx) {
    this.ctx = ctx;
  }

  /** Looks at every status file and worktree; see {@link RecoveryReport}. */
  public RecoveryReport recover() {
    List<TaskName> reattached = new ArrayList<>();
    List<TaskName> failed = new ArrayList<>();
    List<TaskName> orphanStatus = new ArrayList<>();
    List<Path> orphanWorktrees = new ArrayList<>();
    Map<String, List<TaskName>> resumable = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    List<String> repaired = new ArrayList<>();
    try {
      RepairReport r = ctx.workspaces().repair();
      repaired.addAll(r.fixed());
      problems.addAll(r.attention());
    } catch (RuntimeException e) {
      problems.add("cannot repair the repository: " + EventBus.describe(e));
    }
    StatusListing listing = ctx.statuses().list();
    for (StatusFileException p : listing.problems()) {
      problems.add(p.getMessage());
    }
    Set<TaskName> known = new HashSet<>();
    for (AgentStatus s : listing.statuses()) {
      known.add(s.task());
      boolean hasWorktree;
      try {
        hasWorktree = ctx.workspaces().find(s.task()).isPresent();
      } catch (RuntimeException e) {
        problems.add("cannot look for the worktree of " + s.task() + ": " + EventBus.describe(e));
        continue;
      }
      if (!hasWorktree) {
        if (neverStarted(s) && deleteStatus(s, problems)) {
          repaired.add("removed the status file of " + s.task() + ": it never started and has no worktree");
          continue;
        }
        orphanStatus.add(s.task());
      }
      AgentState state = s.status();
      if (state == AgentState.RUNNING) {
        if (adopt(s)) {
          reattached.add(s.task());
        } else {
          // a launcher may have delivered the agent's own report meanwhile (a sandboxed agent that
          // ended while no porch ran): that stands, and only a task still RUNNING is marked gone
          state = markGone(s, problems).map(AgentStatus::status).orElse(AgentState.FAILED);
          if (state == AgentState.FAILED) {
            failed.add(s.task());
          }
        }
      }
      if (!state.isFinal() && hasWorktree && s.run().isPresent()) {
        resumable.computeIfAbsent(s.run().get(), r -> new ArrayList<>()).add(s.task());
      }
    }
    for (WorkspaceInfo w : ctx.workspaces().list()) {
      if (!w.main() && w.task().isPresent() && !known.contains(w.task().get())) {
        TaskName task = w.task().get();
        if (removeUnstarted(task, w, problems)) {
          repaired.add("removed worktree " + w.path() + " and branch " + w.branch().orElse("?")
              + ": made by a spawn that never finished (no status file, no changes, no commits)");
        } else {
          orphanWorktrees.add(w.path());
        }
      }
    }
    return new RecoveryReport(reattached, failed, orphanStatus, orphanWorktrees, resumable, problems, repaired);
  }

  private static boolean neverStarted(AgentStatus s) {
    return s.status() == AgentState.PENDING && s.started().isEmpty() && s.pid().isEmpty();
  }

  private boolean deleteStatus(AgentStatus s, List<String> problems) {
    try {
      ctx.statuses().delete(s.task());
      return true;
    } catch (RuntimeException e) {
      problems.add("cannot remove the status file of " + s.task() + ": " + EventBus.describe(e));
      return false;
    }
  }

  /**
   * Removes a worktree that has no status file when it is exactly what a crashed spawn leaves: on
   * the task's default branch, which has no commits of its own, and with nothing uncommitted.
   */
  private boolean removeUnstarted(TaskName task, WorkspaceInfo w, List<String> problems) {
    String branch = ctx.workspaces().defaultBranch(task);
    if (w.locked() || w.branch().filter(branch::equals).isEmpty()) {
      return false;
    }
    try {
      Optional<String> base = ctx.workspaces().find(task).map(ws -> ws.base());
      if (base.isEmpty() || !ctx.workspaces().uncommitted(task).isEmpty() || !ctx.workspaces().isMerged(branch, base.get())) {
        return false;
      }
      ctx.workspaces().remove(task, false);
      ctx.workspaces().deleteBranch(branch, base.get(), false);
      return true;
    } catch (RuntimeException e) {
      problems.add("cannot remove the unstarted worktree " + w.path() + ": " + EventBus.describe(e));
      return false;
    }
  }

  private boolean adopt(AgentStatus s) {
    Optional<AgentHandle> h = ctx.launcher().reattach(s);
    h.ifPresent(handle -> handle.outcome().whenComplete((o, ex) -> finish(s, o)));
    return h.isPresent();
  }

  /**
   * Writes the end of an adopted agent, unless it reported by itself. No outcome (the launcher was
   * closed and stopped watching it) writes nothing: the agent may still be running.
   */
  private void finish(AgentStatus was, AgentOutcome o) {
    if (o == null) {
      return;
    }
    try {
      ctx.statuses().update(was.task(), cur -> {
        if (cur.status() != AgentState.RUNNING || cur.attempt() != was.attempt()) {
          return cur;
        }
        if (o != null && o.succeeded()) {
          return cur.moveTo(AgentState.COMPLETE, ctx.clock().instant());
        }
        String why = o.kind() == AgentOutcome.Kind.EXITED && o.exitCode().isEmpty()
            ? "the re-attached agent exited without reporting COMPLETE (porch did not start this process, so"
                + " its exit code cannot be read)"
            : StatusFacts.failure(o, null);
        return cur.moveTo(AgentState.FAILED, ctx.clock().instant()).withError(why);
      });
    } catch (RuntimeException e) {
      // the status file went away meanwhile (cleaned up): nothing left to record
    }
  }

  /** Fails {@code s} if its status is still RUNNING; the status stored after, empty if it could not be written. */
  private Optional<AgentStatus> markGone(AgentStatus s, List<String> problems) {
    try {
      return Optional.of(ctx.statuses().update(s.task(), cur -> cur.status() == AgentState.RUNNING
          ? cur.withoutProcess().moveTo(AgentState.FAILED, ctx.clock().instant()).withError(GONE) : cur));
    } catch (RuntimeException e) {
      problems.add("cannot mark " + s.task() + " FAILED: " + EventBus.describe(e));
      return Optional.empty();
    }
  }
}
