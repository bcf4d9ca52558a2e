package dev.porch.mcp.internal;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.CleanupReport;
import dev.porch.core.RunHandle;
import dev.porch.core.RunOptions;
import dev.porch.core.RunRequest;
import dev.porch.core.SyncPlan;
import dev.porch.core.TaskName;
import dev.porch.core.TaskSpec;
import dev.porch.core.Workflow;
import dev.porch.core.error.StatusFileException;
import dev.porch.core.pattern.Patterns;
import dev.porch.core.port.ConflictMatrix;
import dev.porch.core.port.MergeResult;
import dev.porch.core.port.StatusListing;
import dev.porch.mcp.PorchHost;
import dev.porch.mcp.RunSettings;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seed workflow's tools: {@code spawn}, {@code launch}, {@code status}, {@code conflicts},
 * {@code sync}, {@code cleanup} and {@code tell}, each a call of {@link Workflow} or the engine as
 * the matching command makes it, with the same checks before it. Each returns the command's own
 * {@code --json} document, built by the host ({@link PorchHost#spawnDocument} and the like), never a
 * copy of it.
 */
final class WorkflowTools {
  private final PorchHost host;
  private final Runs runs;

  WorkflowTools(PorchHost host, Runs runs) {
    this.host = host;
    this.runs = runs;
  }

  List<SyncToolSpecification> all() {
    return List.of(spawn(), launch(), status(), conflicts(), sync(), cleanup(), tell());
  }

  private Workflow workflow() {
    return Workflow.of(host.workspaces(), host.statuses(), host.clock());
  }

  SyncToolSpecification spawn() {
    Schema in = Schema.object()
        .string("feature", "Feature name: lower-case letters, digits, '.', '_', '-'; tasks are <feature>-1..N.", true)
        .integer("agents", "How many worktrees.", 1, Workflow.MAX_AGENTS, 3)
        .string("base", "Branch to start from (default: .porch.json's base, else the current branch).", false);
    Schema out = Schema.object().any("feature", "string", "The feature.", true)
        .any("tasks", "array", "The tasks made: task, status, branch, worktree, base, port, error.", true);
    return Tool.of(host, "spawn", "Spawn worktrees",
        "Create N git worktrees for a feature (" + dev.porch.core.StateLayout.WORKTREES_FOLDER
            + "/<feature>-<i> on branches feature/<feature>-<i>), each with a PENDING status file, all or"
            + " nothing. Then start agents in them with 'launch'.",
        in, out, false, false, (a, call) -> {
          TaskName feature = a.task("feature");
          int agents = a.integer("agents", 1, Workflow.MAX_AGENTS).orElse(3);
          Optional<String> base = a.string("base").or(host::defaultBase);
          List<AgentStatus> made;
          try (AutoCloseable lock = runs.lock()) {
            made = workflow().spawn(feature, agents, base);
          }
          return host.spawnDocument(feature, made);
        });
  }

  SyncToolSpecification launch() {
    Schema in = RunArgs.agents(Schema.object()
        .strings("tasks", "Tasks whose worktrees exist (made by spawn).", true)
        .string("prompt", "What the agents should do.", true));
    return Tool.of(host, "launch", "Launch agents",
        "Start an agent in each given task's worktree, headless, in the background; returns the run id at once."
            + " Follow with 'wait' or the porch://status resources. Nothing is merged.",
        in, RunArgs.startedSchema(), false, false, (a, call) -> {
          List<TaskName> names = new ArrayList<>();
          for (String t : a.strings("tasks")) {
            TaskName n = TaskName.of(t);
            if (names.contains(n)) {
              throw new ToolInputException("task " + n + " is given twice");
            }
            names.add(n);
          }
          if (names.isEmpty()) {
            throw new ToolInputException("argument 'tasks' needs at least one task");
          }
          String prompt = a.requiredString("prompt");
          for (TaskName n : names) {
            if (host.workspaces().find(n).isEmpty()) {
              throw new ToolInputException("task " + n + " has no worktree; make it first with the spawn tool");
            }
          }
          List<TaskSpec> specs = new ArrayList<>();
          names.forEach(n -> specs.add(TaskSpec.of(n, prompt)));
          RunRequest request = host.request(RunArgs.settings(a, names.get(0), prompt));
          RunOptions opts = request.options().withReuseExistingWorkspaces(true)
              .withMergePolicy(RunOptions.MergePolicy.REVIEW).withCleanup(RunOptions.CleanupPolicy.KEEP);
          List<String> warnings = host.preflight(request);
          RunHandle h = runs.start("launch", Patterns.manual(specs), request.withOptions(opts));
          return RunArgs.started(h, "launch", warnings);
        });
  }

  SyncToolSpecification tell() {
    Schema in = Schema.object()
        .string("task", "A task whose agent has ended (COMPLETE, FAILED or BLOCKED).", true)
        .string("message", "What to tell the agent.", true)
        .string("agent", "Agent profile (default: the one the task ran with).", false)
        .string("test", "Test command that judges the result (default: .porch.json's).", false)
        .integer("timeout_seconds", "Time limit for the agent.", 1, 7 * 24 * 3600, null);
    return Tool.of(host, "tell", "Send a follow-up",
        "A follow-up to a task whose agent has ended: a new attempt in the same worktree and branch (the agent's"
            + " session is resumed when its CLI can). Runs in the background; returns the run id at once.",
        in, RunArgs.startedSchema(), false, false, (a, call) -> {
          TaskName task = a.task("task");
          String message = a.requiredString("message");
          if (host.statuses().read(task).isEmpty()) {
            throw new ToolInputException("there is no task " + task + " (no status file); see the status tool");
          }
          if (host.workspaces().find(task).isEmpty()) {
            throw new ToolInputException("task " + task + " has no worktree any more; a follow-up works in the task's"
                + " own worktree: start a new task instead");
          }
          workflow().checkFollowUp(task);
          RunSettings s = new RunSettings(task, message, a.string("agent"), a.string("test"), Optional.empty(),
              a.seconds("timeout_seconds"), Optional.empty(), true, true);
          RunRequest request = host.followUp(s);
          List<String> warnings = host.preflight(request);
          RunHandle h = runs.start("tell", Patterns.manual(List.of(TaskSpec.of(task, message))), request);
          return RunArgs.started(h, "tell", warnings);
        });
  }

  SyncToolSpecification status() {
    Schema in = Schema.object().string("task", "One task; leave out for every task.", false);
    Schema out = Schema.object().any("schema", "string", "porch.status/v1", true)
        .any("tasks", "array", "One object per task: the seed's fields, then porch's.", true)
        .any("counts", "object", "How many tasks are in each state.", true)
        .any("all_final", "boolean", "Whether every task is COMPLETE or FAILED.", true)
        .any("problems", "array", "Status files that could not be read.", true);
    return Tool.of(host, "status", "Agent status",
        "The status of every agent (or one): state, branch, summary, files changed, tests, tokens, what it is doing."
            + " The same document as 'porch status --json' (porch.status/v1).",
        in, out, true, false, (a, call) -> {
          Optional<String> one = a.string("task");
          StatusListing listing = host.statuses().list();
          if (one.isPresent()) {
            TaskName t = TaskName.of(one.get());
            List<AgentStatus> only = listing.statuses().stream().filter(s -> s.task().equals(t)).toList();
            List<StatusFileException> problems = listing.problems().stream()
                .filter(p -> p.file() != null && p.file().getFileName().toString().equals(t.value() + ".json")).toList();
            if (only.isEmpty() && problems.isEmpty()) {
              throw new ToolInputException("there is no task " + t + " (no status file); call status without a task"
                  + " to see them all");
            }
            listing = new StatusListing(only, problems);
          }
          return host.statusDocument(listing);
        });
  }

  SyncToolSpecification conflicts() {
    Schema in = Schema.object()
        .strings("branches", "Branches to compare (at least two); default: those of every COMPLETE agent.", false)
        .string("target", "Branch they would merge into (default: the current branch).", false)
        .bool("all", "Compare the branches of every agent, not only COMPLETE ones.", false);
    Schema out = Schema.object().any("target", "string", "The target branch.", true)
        .any("branches", "array", "The branches compared.", true)
        .any("conflicts", "array", "Pairs that conflict: first, second, paths.", true);
    return Tool.of(host, "conflicts", "Predict conflicts",
        "Predict which pairs of branches would conflict if both were merged into the target, without touching any"
            + " working tree or ref (git merge-tree).",
        in, out, true, false, (a, call) -> {
          List<String> compare = new ArrayList<>(a.strings("branches"));
          boolean all = a.bool("all", false);
          if (compare.isEmpty()) {
            for (AgentStatus s : host.statuses().list().statuses()) {
              if (all || s.status() == AgentState.COMPLETE) {
                compare.add(s.branch());
              }
            }
          } else if (compare.size() < 2) {
            throw new ToolInputException("give at least two branches to compare, or none to use the agents' branches");
          }
          String into = a.string("target").orElseGet(() -> host.workspaces().currentBranch());
          ConflictMatrix m = compare.size() < 2 ? ConflictMatrix.clean(compare)
              : host.workspaces().predictConflicts(compare, into);
          return host.conflictsDocument(into, m);
        });
  }

  SyncToolSpecification sync() {
    Schema in = Schema.object()
        .bool("dry_run", "Only say what would be merged, and the predicted conflicts.", false);
    Schema out = Schema.object().any("target", "string", "The branch merged into (the current branch).", true)
        .any("dry_run", "boolean", "Whether nothing was changed.", true)
        .any("merges", "array", "One per branch: branch, status (MERGED, CONFLICT, PLANNED, ...), commit, conflicts.", true)
        .any("skipped", "array", "Branches skipped because they would conflict with one merged before.", true)
        .any("refused", "array", "Status files naming a branch other than their task's own.", true);
    return Tool.of(host, "sync", "Merge finished work",
        "Merge every COMPLETE agent's branch into the current branch with 'git merge --no-ff', after predicting"
            + " conflicts between every pair; a branch that would conflict with one merged before it is skipped."
            + " A dirty main worktree is refused. dry_run reports the plan and changes nothing.",
        in, out, false, true, (a, call) -> {
          boolean dryRun = a.bool("dry_run", false);
          String target = host.workspaces().currentBranch();
          Workflow wf = workflow();
          try (AutoCloseable lock = runs.lock()) {
            SyncPlan plan = wf.planSync(target);
            List<MergeResult> results = dryRun ? List.of() : wf.merge(plan, s -> true);
            return host.syncDocument(plan, results, target, dryRun);
          }
        });
  }

  SyncToolSpecification cleanup() {
    Schema in = Schema.object()
        .string("feature", "The feature (or task) whose worktrees to remove: <feature> and every <feature>-*.", true)
        .bool("delete_branches", "Also delete their branches (only those merged into the current branch).", false)
        .bool("dry_run", "Only say what would be removed.", false);
    Schema out = Schema.object().any("dry_run", "boolean", "Whether nothing was changed.", true)
        .any("removed", "array", "Tasks whose worktree and status file were removed.", true)
        .any("branches_deleted", "array", "Branches deleted.", true)
        .any("kept", "array", "What was kept and why (uncommitted files, unmerged branch).", true);
    return Tool.of(host, "cleanup", "Remove worktrees",
        "Remove a feature's worktrees and status files. A worktree with uncommitted changes and a branch not merged"
            + " into the current branch are kept and reported; there is no force here (use the porch CLI by hand).",
        in, out, false, true, (a, call) -> {
          TaskName feature = a.task("feature");
          boolean dryRun = a.bool("dry_run", false);
          String target = host.workspaces().currentBranch();
          CleanupReport report;
          try (AutoCloseable lock = runs.lock()) {
            report = workflow().cleanup(feature, a.bool("delete_branches", false), false, target, dryRun);
          }
          return host.cleanupDocument(report, dryRun);
        });
  }

  /** A JSON object from name-value pairs, with {@code schema} first when given. */
  static Map<String, Object> doc(String schema, Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schema", java.util.Objects.requireNonNull(schema, "schema"));
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }
}
