package dev.porch.core.internal.engine;

import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes (or finds) the workspaces of some tasks and sets them up. Runs off the run's serial
 * executor because git and setup commands block; it only calls ports and returns facts.
 */
final class Preparer {
  /**
   * What happened to one task's workspace.
   *
   * @param workspace the workspace, or null when it could not be made
   * @param error why it could not be made
   * @param setUpProblem why setting it up failed
   * @param existing the task's status found in the store, when reusing workspaces
   */
  record Prepared(TaskName task, Workspace workspace, String error, String setUpProblem, AgentStatus existing) {}

  private final EngineContext ctx;

  Preparer(EngineContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Prepares workspaces.
   *
   * @param bases each task and the branch to start from (empty: the current branch)
   * @param reuse use a task's existing worktree and status instead of making one
   */
  List<Prepared> prepare(Map<TaskName, Optional<String>> bases, boolean reuse) {
    Map<TaskName, Prepared> done = new LinkedHashMap<>();
    List<WorkspaceSpec> toMake = new ArrayList<>();
    String current = null;
    for (Map.Entry<TaskName, Optional<String>> e : bases.entrySet()) {
      TaskName task = e.getKey();
      if (reuse) {
        try {
          Optional<Workspace> found = ctx.workspaces().find(task);
          Optional<AgentStatus> existing = ctx.statuses().read(task);
          if (found.isPresent() || existing.map(s -> s.status().isFinal()).orElse(false)) {
            // a final task whose worktree was cleaned up keeps its status; it is not made again
            done.put(task, new Prepared(task, found.orElse(null), null, null, existing.orElse(null)));
            continue;
          }
        } catch (RuntimeException ex) {
          done.put(task, new Prepared(task, null, "could not look for its workspace: " + EventBus.describe(ex), null, null));
          continue;
        }
      }
      try {
        String base = e.getValue().orElse(null);
        if (base == null) {
          current = current != null ? current : ctx.workspaces().currentBranch();
          base = current;
        }
        toMake.add(WorkspaceSpec.of(task, base));
      } catch (RuntimeException ex) {
        done.put(task, new Prepared(task, null, "could not find the base branch: " + EventBus.describe(ex), null, null));
      }
    }
    if (!toMake.isEmpty()) {
      try {
        for (Workspace w : ctx.workspaces().create(toMake)) {
          String problem;
          try {
            problem = ctx.workspaces().setUp(w).orElse(null);
          } catch (RuntimeException | LinkageError ex) {
            // a LinkageError too (an adapter missing a class of its library): the task fails with
            // the cause instead of the run waiting forever for a preparation that died
            problem = EventBus.describe(ex);
          }
          done.put(w.task(), new Prepared(w.task(), w, null, problem, null));
        }
      } catch (RuntimeException | LinkageError ex) {
        for (WorkspaceSpec s : toMake) {
          done.put(s.task(), new Prepared(s.task(), null, "could not create its workspace: " + EventBus.describe(ex), null, null));
        }
      }
    }
    List<Prepared> out = new ArrayList<>();
    bases.keySet().forEach(t -> out.add(done.get(t)));
    return out;
  }
}
