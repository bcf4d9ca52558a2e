package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.JsonOut;
import dev.porch.cli.internal.Table;
import dev.porch.cli.internal.Usage;
import dev.porch.cli.internal.WorkflowView;
import dev.porch.core.AgentStatus;
import dev.porch.core.StateLayout;
import dev.porch.core.TaskName;
import dev.porch.core.Workflow;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code porch spawn}: the seed's spawn-parallel.ps1. */
@Command(
    name = "spawn",
    mixinStandardHelpOptions = true,
    description = {
      "Create N worktrees for a feature: .worktrees/<feature>-<i> on new branches",
      "feature/<feature>-<i> from the base branch, each with a PENDING status file in",
      ".agent-status/. All or nothing: if one cannot be made, none is left behind.",
      "Then launch an agent in each (porch launch), or open a terminal per worktree."
    },
    footer = {
      "%nExamples:",
      "  porch spawn auth                      # 3 worktrees from the current branch",
      "  porch spawn auth --agents 5 --base main",
      "  porch spawn auth --dry-run            # show what would be made"
    })
final class SpawnCommand implements Callable<Integer> {
  private final Porch root;

  @Parameters(paramLabel = "FEATURE", description = "Feature name: lower-case letters, digits, '.', '_', '-'.")
  String feature;

  @Option(names = {"-a", "--agents"}, paramLabel = "N", defaultValue = "3", description = "How many worktrees (default ${DEFAULT-VALUE}).")
  int agents;

  @Option(names = {"-b", "--base"}, paramLabel = "BRANCH", description = "Branch to start from (default: .porch.json's base, else the current branch).")
  String base;

  @Mixin Options.Json json;
  @Mixin Options.DryRun dryRun;

  SpawnCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    TaskName name = Usage.task(feature);
    if (agents < 1 || agents > Workflow.MAX_AGENTS) {
      throw Usage.error("--agents must be from 1 to " + Workflow.MAX_AGENTS + ", got " + agents);
    }
    var services = root.services();
    Optional<String> from = Optional.ofNullable(base).or(() -> services.config().base());
    PrintWriter out = root.context().out();
    if (dryRun.dryRun) {
      String b = from.orElseGet(() -> services.workspaces().currentBranch());
      for (int i = 1; i <= agents; i++) {
        TaskName t = name.indexed(i);
        out.println("would create " + StateLayout.relativeWorktree(t) + " on " + services.workspaces().defaultBranch(t) + " from " + b);
      }
      return 0;
    }
    Workflow wf = Workflow.of(services.workspaces(), services.statusStore(), services.clock());
    List<AgentStatus> made;
    try (var lock = services.lock()) {
      made = wf.spawn(name, agents, from);
    }
    printSetupNotes(services.workspaces(), made);
    if (json.json) {
      JsonOut.print(out, WorkflowView.spawnJson(name, made));
    } else if (!root.quiet()) {
      Table t = new Table("TASK", "STATE", "BRANCH", "WORKTREE");
      for (AgentStatus s : made) {
        t.row(List.of(s.task().value(), s.status().name(), s.branch(), s.worktree()),
            List.of(x -> x, root.style().state(s.status()), x -> x, x -> x));
      }
      t.print(out, root.style().header());
      for (AgentStatus s : made) {
        if (s.status().isFinal()) {
          root.context().err().println("porch: " + s.task() + " " + s.status() + ": "
              + dev.porch.cli.internal.Sanitize.text(s.error().orElse("no reason recorded")));
        }
      }
      root.context().err().println("Created " + made.size() + (made.size() == 1 ? " worktree" : " worktrees")
          + " for feature " + name + ". Start agents with 'porch launch " + made.get(0).task()
          + " ... --agent PROFILE' or open a terminal in each.");
    }
    return made.stream().anyMatch(s -> s.status().isFinal()) ? 1 : 0;
  }

  /**
   * What setting the worktrees up used and skipped, on stderr: the setup file once (and those not
   * used or not trusted, with the hint), each shared folder per task with its mode and time.
   */
  private void printSetupNotes(dev.porch.git.GitWorkspaces git, List<AgentStatus> made) {
    if (root.quiet()) {
      return;
    }
    java.util.Set<String> lines = new java.util.LinkedHashSet<>();
    for (AgentStatus s : made) {
      for (String note : git.setupNotes(s.task())) {
        lines.add(note.startsWith("setup:") ? note : s.task() + ": " + note);
      }
    }
    lines.forEach(l -> root.context().err().println("porch: " + dev.porch.cli.internal.Sanitize.text(l)));
  }
}
