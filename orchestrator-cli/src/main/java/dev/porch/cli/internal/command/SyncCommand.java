package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.CommandIo;
import dev.porch.cli.internal.JsonOut;
import dev.porch.cli.internal.Sanitize;
import dev.porch.cli.internal.StatusView;
import dev.porch.cli.internal.SyncView;
import dev.porch.cli.internal.Usage;
import dev.porch.core.AgentStatus;
import dev.porch.core.SyncPlan;
import dev.porch.core.Workflow;
import dev.porch.core.port.MergeResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code porch sync}: the seed's sync-worktrees.ps1, with a conflict pre-check. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = {
      "Review and merge finished work. Without options, shows the status (like --status).",
      "--merge merges every COMPLETE branch into the current branch with",
      "'git merge --no-ff -m \"Merge <task>: <summary>\"', after predicting conflicts",
      "between every pair: a branch that would conflict with one merged before it is",
      "skipped and named, with the files. A merge that conflicts anyway is aborted and",
      "the repository left as it was. A status file that names a branch other than its",
      "task's own is refused (warned about, never merged)."
    },
    footer = {
      "%nExamples:",
      "  porch sync                      # status",
      "  porch sync --merge --dry-run    # what would be merged, and predicted conflicts",
      "  porch sync --merge              # merge every COMPLETE branch",
      "  porch sync --interactive        # ask y/n for each branch",
      "%nExit status is 1 when a branch was skipped or refused, or a merge conflicted."
    })
final class SyncCommand implements Callable<Integer> {
  private final Porch root;

  @Option(names = "--status", description = "Show the agents' status (the default).")
  boolean status;

  @Option(names = "--merge", description = "Merge every COMPLETE branch.")
  boolean merge;

  @Option(names = {"-i", "--interactive"}, description = "Show each COMPLETE branch and ask before merging it.")
  boolean interactive;

  @Option(names = {"-y", "--yes"}, description = "With --interactive: answer yes to every question (no prompt).")
  boolean yes;

  @Mixin Options.DryRun dryRun;
  @Mixin Options.Json json;

  SyncCommand(Porch root) {
    this.root = root;
  }

  private SyncView view() {
    return new SyncView(json.json, dryRun.dryRun, root.verbose());
  }

  @Override
  public Integer call() throws IOException {
    var services = root.services();
    PrintWriter out = root.context().out();
    PrintWriter err = root.context().err();
    if (!merge && !interactive) {
      var listing = services.statusStore().list();
      if (json.json) {
        JsonOut.print(out, StatusView.json(listing, services.clock().instant(), services.root().toString()));
      } else {
        StatusView.printTable(listing, services.clock().instant(), root.style(), out, err);
      }
      return 0;
    }
    if (interactive && !yes && !root.context().stdinTerminal()) {
      throw Usage.error("--interactive needs a terminal to ask on; add --yes to merge without asking");
    }
    Workflow wf = Workflow.of(services.workspaces(), services.statusStore(), services.clock());
    String target = services.workspaces().currentBranch();
    try (var lock = services.lock()) {
      SyncPlan plan = wf.planSync(target);
      for (SyncPlan.Skipped s : plan.skipped()) {
        err.println("porch: warning: skipping " + s.status().task() + ": it would conflict with " + s.conflictsWith()
            + " in " + Sanitize.text(String.join(", ", s.paths())));
      }
      for (SyncPlan.Refused r : plan.refused()) {
        err.println("porch: warning: not merging " + r.status().task() + ": " + Sanitize.text(r.reason()));
      }
      if (plan.merge().isEmpty() && plan.skipped().isEmpty() && plan.refused().isEmpty()) {
        err.println("porch: nothing to merge: no agent is COMPLETE");
        if (json.json) {
          view().report(plan, List.of(), target, out, err);
        }
        return 0;
      }
      if (dryRun.dryRun) {
        if (json.json) {
          view().report(plan, List.of(), target, out, err); // the plan itself is reported, as PLANNED
        } else {
          for (AgentStatus s : plan.merge()) {
            out.println("would merge " + s.branch() + " into " + target + ": " + Sanitize.text(s.summary().orElse(""), 72));
          }
        }
        return plan.skipped().isEmpty() && plan.refused().isEmpty() ? 0 : 1;
      }
      BufferedReader in = CommandIo.standardInput();
      List<MergeResult> results = wf.merge(plan, s -> !interactive || yes || SyncView.ask(s, in, err));
      view().report(plan, results, target, out, err);
      boolean clean = plan.skipped().isEmpty() && plan.refused().isEmpty()
          && results.stream().allMatch(MergeResult::succeeded);
      return clean ? 0 : 1;
    }
  }
}
