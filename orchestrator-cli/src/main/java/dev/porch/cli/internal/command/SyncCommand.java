package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.CommandIo;
import dev.porch.cli.internal.JsonOut;
import dev.porch.cli.internal.Sanitize;
import dev.porch.cli.internal.StatusView;
import dev.porch.cli.internal.Usage;
import dev.porch.core.AgentStatus;
import dev.porch.core.SyncPlan;
import dev.porch.core.Workflow;
import dev.porch.core.port.MergeResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
          report(plan, List.of(), target, out, err);
        }
        return 0;
      }
      if (dryRun.dryRun) {
        if (json.json) {
          report(plan, List.of(), target, out, err); // the plan itself is reported, as PLANNED
        } else {
          for (AgentStatus s : plan.merge()) {
            out.println("would merge " + s.branch() + " into " + target + ": " + Sanitize.text(s.summary().orElse(""), 72));
          }
        }
        return plan.skipped().isEmpty() && plan.refused().isEmpty() ? 0 : 1;
      }
      BufferedReader in = CommandIo.standardInput();
      List<MergeResult> results = wf.merge(plan, s -> !interactive || yes || ask(s, in, err));
      report(plan, results, target, out, err);
      boolean clean = plan.skipped().isEmpty() && plan.refused().isEmpty()
          && results.stream().allMatch(MergeResult::succeeded);
      return clean ? 0 : 1;
    }
  }

  private boolean ask(AgentStatus s, BufferedReader in, PrintWriter err) {
    err.println();
    err.println("=== " + s.task() + " ===");
    err.println("Branch: " + s.branch());
    err.println("Summary: " + Sanitize.text(s.summary().orElse("")));
    err.println("Files: " + Sanitize.text(String.join(", ", s.filesChanged())));
    err.print("Merge this branch? (y/n) ");
    err.flush();
    try {
      String answer = in.readLine();
      return answer != null && answer.trim().equalsIgnoreCase("y");
    } catch (IOException e) {
      return false;
    }
  }

  private void report(SyncPlan plan, List<MergeResult> results, String target, PrintWriter out, PrintWriter err) {
    if (json.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("schema", "porch.sync/v1");
      doc.put("target", target);
      doc.put("dry_run", dryRun.dryRun);
      List<Map<String, Object>> merges = new ArrayList<>();
      if (dryRun.dryRun) {
        for (AgentStatus s : plan.merge()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("branch", s.branch());
          m.put("status", "PLANNED");
          m.put("commit", null);
          m.put("conflicts", List.of());
          m.put("message", s.summary().orElse(null));
          merges.add(m);
        }
      }
      for (MergeResult r : results) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("branch", r.branch());
        m.put("status", r.status().name());
        m.put("commit", r.commit().orElse(null));
        m.put("conflicts", r.conflicts());
        m.put("message", r.message().orElse(null));
        merges.add(m);
      }
      doc.put("merges", merges);
      List<Map<String, Object>> skipped = new ArrayList<>();
      for (SyncPlan.Skipped s : plan.skipped()) {
        skipped.add(JsonOut.object("task", s.status().task().value(), "conflicts_with", s.conflictsWith().value(), "paths", s.paths()));
      }
      doc.put("skipped", skipped);
      List<Map<String, Object>> refused = new ArrayList<>();
      for (SyncPlan.Refused r : plan.refused()) {
        refused.add(JsonOut.object("task", r.status().task().value(), "branch", r.status().branch(), "own_branch", r.ownBranch(),
            "reason", r.reason()));
      }
      doc.put("refused", refused);
      JsonOut.print(out, doc);
      return;
    }
    for (MergeResult r : results) {
      switch (r.status()) {
        case MERGED:
          if (root.verbose()) {
            err.println("porch: merged " + r.branch() + " into " + target + " (" + r.commit().orElse("") + ")");
          }
          break;
        case ALREADY_UP_TO_DATE:
          err.println("porch: " + r.branch() + " is already in " + target);
          break;
        case CONFLICT:
          err.println("porch: error: merging " + r.branch() + " conflicts in " + Sanitize.text(String.join(", ", r.conflicts()))
              + "; the merge was aborted and " + target + " is unchanged");
          break;
        default:
          err.println("porch: error: " + r.branch() + " was not merged: " + Sanitize.text(r.message().orElse("unknown reason")));
      }
    }
  }
}
