package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.JsonOut;
import dev.porch.cli.internal.Sanitize;
import dev.porch.cli.internal.Usage;
import dev.porch.cli.internal.WorkflowView;
import dev.porch.core.CleanupReport;
import dev.porch.core.StateLayout;
import dev.porch.core.TaskName;
import dev.porch.core.Workflow;
import dev.porch.core.port.WorkspaceInfo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code porch cleanup}: the seed's cleanup-worktrees.ps1, safely. */
@Command(
    name = "cleanup",
    mixinStandardHelpOptions = true,
    description = {
      "Remove the worktrees of a feature (<feature> and every <feature>-*) and their status",
      "files. A worktree with uncommitted or untracked changes is skipped with a warning.",
      "With --delete-branches, also delete their branches, but only those merged into the",
      "current branch, including the branches of tasks whose worktree is already gone (a",
      "competitive round removes its losers' worktrees and keeps their branches). --force",
      "removes dirty worktrees and deletes unmerged branches too.",
      "Then prunes worktrees whose folders were deleted by hand, and lists what is left."
    },
    footer = {
      "%nExamples:",
      "  porch cleanup auth",
      "  porch cleanup auth --delete-branches",
      "  porch cleanup auth --delete-branches --dry-run",
      "%nExit status is 1 when something was kept (dirty worktree, unmerged branch)."
    })
final class CleanupCommand implements Callable<Integer> {
  private final Porch root;

  @Parameters(paramLabel = "FEATURE", description = "The feature (or task) whose worktrees to remove.")
  String feature;

  @Option(names = {"-d", "--delete-branches"}, description = "Also delete the branches (merged ones only, unless --force).")
  boolean deleteBranches;

  @Option(names = {"-f", "--force"}, description = "Also remove dirty worktrees and delete unmerged branches. Work is lost.")
  boolean force;

  @Mixin Options.DryRun dryRun;
  @Mixin Options.Json json;

  CleanupCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    TaskName name = Usage.task(feature);
    var services = root.services();
    Workflow wf = Workflow.of(services.workspaces(), services.statusStore(), services.clock());
    String target = services.workspaces().currentBranch();
    CleanupReport report;
    try (var lock = services.lock()) {
      report = wf.cleanup(name, deleteBranches, force, target, dryRun.dryRun);
    }
    PrintWriter out = root.context().out();
    PrintWriter err = root.context().err();
    if (json.json) {
      JsonOut.print(out, WorkflowView.cleanupJson(report, dryRun.dryRun));
    } else {
      String verb = dryRun.dryRun ? "would remove " : "removed ";
      if (dryRun.dryRun || root.verbose()) {
        report.removed().forEach(t -> err.println("porch: " + verb + StateLayout.relativeWorktree(t)));
        report.branchesDeleted().forEach(b -> err.println("porch: " + (dryRun.dryRun ? "would delete" : "deleted") + " branch " + b));
      }
      report.kept().forEach(k -> err.println("porch: warning: kept " + k.task() + ": " + Sanitize.text(k.reason())));
      if (report.removed().isEmpty() && report.kept().isEmpty()) {
        err.println("porch: nothing to clean up for " + name);
      }
      if (!root.quiet() && !dryRun.dryRun) {
        for (WorkspaceInfo w : services.workspaces().list()) {
          out.println(Sanitize.text(w.path().toString()) + "  " + w.head().map(h -> h.substring(0, Math.min(7, h.length()))).orElse("-------")
              + " [" + w.branch().orElse("detached") + "]");
        }
      }
    }
    return report.kept().isEmpty() ? 0 : 1;
  }
}
