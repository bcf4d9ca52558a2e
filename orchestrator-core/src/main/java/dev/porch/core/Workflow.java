package dev.porch.core;

import dev.porch.core.error.DirtyWorktreeException;
import dev.porch.core.error.IllegalTransitionException;
import dev.porch.core.error.OutOfRangeException;
import dev.porch.core.error.StatusFileException;
import dev.porch.core.error.TaskExistsException;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.ChangedFile;
import dev.porch.core.port.ConflictMatrix;
import dev.porch.core.port.MergeResult;
import dev.porch.core.port.StatusStore;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceInfo;
import dev.porch.core.port.WorkspaceProvider;
import dev.porch.core.port.WorkspaceSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The seed protocol's manual workflow as use cases over the ports: spawn N worktrees with PENDING
 * status files, agents reporting COMPLETE / FAILED / BLOCKED from inside their worktree, sync
 * (conflict pre-check, then merge every COMPLETE branch) and cleanup. The CLI's {@code spawn},
 * {@code complete}, {@code sync} and {@code cleanup} commands are thin shells over this class.
 *
 * <p>Thread-safe as far as its ports are; every method blocks on them.
 *
 * <pre>{@code
 * Workflow wf = Workflow.of(GitWorkspaces.open(repo), StatusFiles.open(repo), Clock.systemUTC());
 * wf.spawn(TaskName.of("auth"), 3, Optional.of("main"));   // auth-1..3, PENDING
 * SyncPlan plan = wf.planSync("main");
 * List<MergeResult> merged = wf.merge(plan, s -> true);
 * }</pre>
 */
public final class Workflow {
  /** Most agents one spawn makes. */
  public static final int MAX_AGENTS = 64;

  /** The most characters of an agent's summary in a merge message. */
  private static final int MERGE_SUMMARY_MAX = 200;
  private final WorkspaceProvider workspaces;
  private final StatusStore statuses;
  private final Clock clock;

  private Workflow(WorkspaceProvider workspaces, StatusStore statuses, Clock clock) {
    this.workspaces = Objects.requireNonNull(workspaces, "workspaces");
    this.statuses = Objects.requireNonNull(statuses, "statuses");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A workflow over these ports. */
  public static Workflow of(WorkspaceProvider workspaces, StatusStore statuses, Clock clock) {
    return new Workflow(workspaces, statuses, clock);
  }

  /**
   * The seed's spawn-parallel: worktrees {@code <feature>-1..N}, each with a PENDING status file.
   *
   * @param feature the feature name
   * @param agents how many, 1 to {@value #MAX_AGENTS}
   * @param base the branch to start from; empty for the current branch
   * @return the new statuses (a setup failure leaves the task FAILED with the reason)
   * @throws OutOfRangeException if {@code agents} is out of range
   * @throws WorkspaceException if any worktree cannot be made (none is left behind)
   */
  public List<AgentStatus> spawn(TaskName feature, int agents, Optional<String> base) {
    if (agents < 1 || agents > MAX_AGENTS) {
      throw new OutOfRangeException("agents", agents, 1, MAX_AGENTS);
    }
    List<TaskName> tasks = new ArrayList<>();
    for (int i = 1; i <= agents; i++) {
      tasks.add(feature.indexed(i));
    }
    return spawn(tasks, base, Optional.empty());
  }

  /**
   * Makes a worktree and a PENDING status for each task, all or nothing.
   *
   * @param tasks distinct task names
   * @param base the branch to start from; empty for the current branch
   * @param pattern the pattern name recorded in the status files, if any
   * @return the statuses written, in order
   * @throws WorkspaceException if a worktree cannot be made; nothing is left behind
   * @throws StatusFileException if a status cannot be written; the worktrees are removed again
   */
  public List<AgentStatus> spawn(List<TaskName> tasks, Optional<String> base, Optional<String> pattern) {
    String from = base.orElseGet(workspaces::currentBranch);
    List<WorkspaceSpec> specs = new ArrayList<>();
    for (TaskName t : tasks) {
      Optional<AgentStatus> existing = statuses.read(t);
      if (existing.isPresent()) {
        throw new TaskExistsException(t, existing.get().status(), existing.get().run(), t);
      }
      specs.add(WorkspaceSpec.of(t, from));
    }
    List<Workspace> made = workspaces.create(specs);
    List<AgentStatus> written = new ArrayList<>();
    try {
      for (Workspace w : made) {
        AgentStatus s = AgentStatus.pending(w.task(), w.branch(), w.relativePath())
            .withBase(w.base())
            .withUpdated(clock.instant());
        if (w.port().isPresent()) {
          s = s.withPort(w.port().getAsInt());
        }
        if (pattern.isPresent()) {
          s = s.withPattern(pattern.get());
        }
        statuses.write(s);
        written.add(s);
      }
    } catch (RuntimeException e) {
      for (Workspace w : made) {
        try {
          statuses.delete(w.task());
          workspaces.remove(w.task(), false);
          workspaces.deleteBranch(w.branch(), w.base(), false);
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    List<AgentStatus> result = new ArrayList<>();
    for (int i = 0; i < made.size(); i++) {
      AgentStatus s = written.get(i);
      Optional<String> problem = workspaces.setUp(made.get(i));
      if (problem.isPresent()) {
        s = s.moveTo(AgentState.FAILED, clock.instant()).withError("setup failed: " + problem.get());
        statuses.write(s);
      }
      result.add(s);
    }
    return result;
  }

  /**
   * An agent's own report from inside its worktree: COMPLETE, FAILED or BLOCKED, with {@code
   * completed} and {@code files_changed} filled from git. A PENDING task (an agent started by hand,
   * the seed's interactive mode) passes through RUNNING first.
   *
   * @param task the task
   * @param state COMPLETE, FAILED or BLOCKED
   * @param summary the agent's summary (for COMPLETE) or reason (for FAILED, BLOCKED)
   * @return the status written
   * @throws IllegalArgumentException if {@code state} is PENDING or RUNNING
   * @throws IllegalTransitionException if the task is already final
   * @throws StatusFileException if the task has no status file
   */
  public AgentStatus report(TaskName task, AgentState state, Optional<String> summary) {
    if (state == AgentState.PENDING || state == AgentState.RUNNING) {
      throw new IllegalArgumentException("an agent reports COMPLETE, FAILED or BLOCKED, not " + state);
    }
    return statuses.update(task, current -> {
      AgentStatus s = current;
      if (s.status() != state) {
        boolean waiting = s.status() == AgentState.PENDING || s.status() == AgentState.BLOCKED;
        if (waiting && state != AgentState.FAILED) {
          s = s.moveTo(AgentState.RUNNING, clock.instant()); // an agent started by hand never said RUNNING
        }
        if (s.status() != state) {
          s = s.moveTo(state, clock.instant());
        }
      } else if (state.isFinal()) {
        throw new IllegalTransitionException(task, s.status(), state);
      } else {
        s = s.withUpdated(clock.instant());
      }
      String base = s.base().orElse(null);
      if (base != null && workspaces.resolve(base).isPresent()) {
        List<String> files = new ArrayList<>();
        for (ChangedFile f : workspaces.changedFiles(s.branch(), base)) {
          files.add(f.path());
        }
        s = s.withFilesChanged(files);
      }
      if (state == AgentState.COMPLETE) {
        s = s.withSummary(summary).withError(Optional.empty());
      } else if (summary.isPresent()) {
        s = s.withError(summary.get());
      }
      return s;
    });
  }

  /**
   * Checks that a follow-up ({@link RunOptions#followUp()}) may start on {@code task}: it has a
   * status and a worktree, and it is COMPLETE, FAILED or BLOCKED. {@link Orchestrator#start} makes
   * the same check; this lets a caller refuse before it starts anything (e.g. in the background).
   *
   * @param task the task
   * @return its status now
   * @throws WorkspaceException if the task has no status file or no worktree
   * @throws IllegalTransitionException if it is PENDING or RUNNING
   */
  public AgentStatus checkFollowUp(TaskName task) {
    return dev.porch.core.internal.engine.FollowUps.check(workspaces, statuses, Objects.requireNonNull(task, "task"));
  }

  /**
   * What {@code sync --merge} would do: every COMPLETE task's branch, in task order, with the
   * predicted conflicts; a branch that conflicts with one merged before it is skipped. A status
   * that names a branch other than its task's own (its worktree's branch, or {@link
   * WorkspaceProvider#defaultBranch} when the worktree is gone) is refused, never merged.
   *
   * @param target the branch to merge into
   * @return the plan
   */
  public SyncPlan planSync(String target) {
    List<AgentStatus> complete = new ArrayList<>();
    List<SyncPlan.Refused> refused = new ArrayList<>();
    for (AgentStatus s : statuses.list().statuses()) {
      if (s.status() != AgentState.COMPLETE) {
        continue;
      }
      String own = workspaces.find(s.task()).map(Workspace::branch).orElseGet(() -> workspaces.defaultBranch(s.task()));
      if (s.branch().equals(own)) {
        complete.add(s);
      } else {
        String file = statuses.location(s.task()).map(this::shown).orElse("the status of " + s.task());
        refused.add(new SyncPlan.Refused(s, own, file + " names branch '" + s.branch() + "', but task " + s.task()
            + "'s branch is '" + own + "'; porch merges only a task's own branch: fix the file, or merge '"
            + s.branch() + "' yourself"));
      }
    }
    List<String> branches = new ArrayList<>();
    complete.forEach(s -> branches.add(s.branch()));
    ConflictMatrix matrix = branches.size() > 1
        ? workspaces.predictConflicts(branches, target) : ConflictMatrix.clean(branches);
    List<AgentStatus> merge = new ArrayList<>();
    List<SyncPlan.Skipped> skipped = new ArrayList<>();
    for (AgentStatus s : complete) {
      Optional<AgentStatus> clash = merge.stream()
          .filter(m -> !matrix.conflicts(m.branch(), s.branch()).isEmpty()).findFirst();
      if (clash.isPresent()) {
        skipped.add(new SyncPlan.Skipped(s, clash.get().task(), matrix.conflicts(clash.get().branch(), s.branch())));
      } else {
        merge.add(s);
      }
    }
    return new SyncPlan(target, merge, skipped, matrix, refused);
  }

  /** A path inside the repository as the user sees it (relative), others as they are. */
  private String shown(java.nio.file.Path p) {
    java.nio.file.Path root = workspaces.root();
    return p.isAbsolute() && p.startsWith(root) ? root.relativize(p).toString().replace('\\', '/') : p.toString();
  }

  /**
   * The seed's merge message, {@code Merge <task>: <summary>}. The summary is an agent's words, and
   * {@code git log} shows a message to a terminal as it is, so it becomes one line with control
   * characters (ANSI escapes among them) and bidirectional overrides made visible, cut to 200
   * characters.
   *
   * @param task the merged task
   * @param summary its summary, if any
   * @return the message
   */
  public static String mergeMessage(TaskName task, Optional<String> summary) {
    String line = UntrustedText.oneLine(summary.orElse(""), MERGE_SUMMARY_MAX);
    return "Merge " + task + ": " + (line.isEmpty() ? "(no summary)" : line);
  }

  /**
   * Merges the plan's branches in order with the seed's message {@code Merge <task>: <summary>}
   * ({@link #mergeMessage}).
   *
   * @param plan from {@link #planSync}
   * @param confirm asked before each merge (interactive mode); return false to skip
   * @return one result per branch asked about and confirmed
   * @throws DirtyWorktreeException if the main worktree has uncommitted changes
   */
  public List<MergeResult> merge(SyncPlan plan, java.util.function.Predicate<AgentStatus> confirm) {
    List<MergeResult> results = new ArrayList<>();
    for (AgentStatus s : plan.merge()) {
      if (!confirm.test(s)) {
        continue;
      }
      results.add(workspaces.merge(s.branch(), plan.target(), mergeMessage(s.task(), s.summary())));
    }
    return results;
  }

  /**
   * The seed's cleanup-worktrees: removes the worktrees of {@code feature} (the task itself and
   * every {@code <feature>-*}) and their status files, skipping dirty ones unless forced; with
   * {@code deleteBranches}, deletes their branches when merged into {@code target} (or when
   * forced); then prunes worktrees whose folders were deleted by hand.
   *
   * @param feature the feature (or task) name
   * @param deleteBranches also delete the branches
   * @param force remove dirty worktrees and delete unmerged branches too
   * @param target the branch a branch must be merged into to be deleted without force
   * @param dryRun report only; change nothing
   * @return what was removed, and what was kept and why
   */
  public CleanupReport cleanup(TaskName feature, boolean deleteBranches, boolean force, String target, boolean dryRun) {
    List<TaskName> removed = new ArrayList<>();
    List<CleanupReport.Kept> kept = new ArrayList<>();
    List<String> branchesDeleted = new ArrayList<>();
    if (!dryRun) {
      workspaces.prune();
    }
    for (WorkspaceInfo w : workspaces.list()) {
      if (w.main() || w.task().isEmpty() || !belongsTo(w.task().get(), feature)) {
        continue;
      }
      TaskName task = w.task().get();
      List<String> dirty = w.prunable() ? List.of() : workspaces.uncommitted(task);
      if (!dirty.isEmpty() && !force) {
        kept.add(new CleanupReport.Kept(task, w.branch().orElse(""), "worktree has " + dirty.size()
            + " uncommitted file(s): " + String.join(", ", dirty.subList(0, Math.min(3, dirty.size())))
            + (dirty.size() > 3 ? ", ..." : "") + "; commit them or remove it with force"));
        continue;
      }
      if (!dryRun) {
        workspaces.remove(task, force);
        statuses.delete(task);
      }
      removed.add(task);
      if (deleteBranches && w.branch().isPresent()) {
        String branch = w.branch().get();
        if (!force && !workspaces.isMerged(branch, target)) {
          kept.add(new CleanupReport.Kept(task, branch, "branch " + branch + " is not merged into " + target
              + "; merge it or delete it with force"));
        } else {
          if (!dryRun) {
            workspaces.deleteBranch(branch, target, force);
          }
          branchesDeleted.add(branch);
        }
      }
    }
    for (AgentStatus s : statuses.list().statuses()) {
      // status files whose worktree is already gone (deleted by hand): nothing to lose
      if (belongsTo(s.task(), feature) && !removed.contains(s.task()) && workspaces.find(s.task()).isEmpty()
          && kept.stream().noneMatch(k -> k.task().equals(s.task()))) {
        if (!dryRun) {
          statuses.delete(s.task());
        }
        removed.add(s.task());
      }
    }
    if (deleteBranches) {
      leftBranches(feature, force, target, dryRun, kept, branchesDeleted);
    }
    if (!dryRun) {
      workspaces.prune();
    }
    return new CleanupReport(removed, kept, branchesDeleted);
  }

  /**
   * The branches of the feature's tasks that have no worktree any more (a competitive round removes
   * its losers' worktrees and keeps their unmerged branches): deleted when merged into {@code target}
   * or forced, else kept and said so, as for a branch whose worktree the cleanup removed.
   */
  private void leftBranches(TaskName feature, boolean force, String target, boolean dryRun,
      List<CleanupReport.Kept> kept, List<String> branchesDeleted) {
    for (Map.Entry<TaskName, String> e : workspaces.taskBranches().entrySet()) {
      TaskName task = e.getKey();
      String branch = e.getValue();
      boolean handled = branchesDeleted.contains(branch) || kept.stream().anyMatch(k -> k.branch().equals(branch));
      if (handled || !belongsTo(task, feature) || branch.equals(target) || workspaces.find(task).isPresent()) {
        continue;
      }
      if (!force && !workspaces.isMerged(branch, target)) {
        kept.add(new CleanupReport.Kept(task, branch, "branch " + branch + " (its worktree is already gone) is not"
            + " merged into " + target + "; merge it or delete it with force"));
        continue;
      }
      try {
        if (!dryRun) {
          workspaces.deleteBranch(branch, target, force);
        }
        branchesDeleted.add(branch);
      } catch (WorkspaceException ex) {
        kept.add(new CleanupReport.Kept(task, branch, ex.getMessage()));
      }
    }
  }

  private static boolean belongsTo(TaskName task, TaskName feature) {
    return task.equals(feature) || task.value().startsWith(feature.value() + "-");
  }
}
