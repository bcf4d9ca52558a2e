package dev.porch.cli.internal;

import dev.porch.core.AgentStatus;
import dev.porch.core.SyncPlan;
import dev.porch.core.port.MergeResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How {@code porch sync} shows its merges and asks about each one ({@code --interactive}). */
public final class SyncView {
  private final boolean json;
  private final boolean dryRun;
  private final boolean verbose;

  /**
   * @param json print the {@code porch.sync/v1} document
   * @param dryRun the plan was not carried out
   * @param verbose also say what merged cleanly
   */
  public SyncView(boolean json, boolean dryRun, boolean verbose) {
    this.json = json;
    this.dryRun = dryRun;
    this.verbose = verbose;
  }

  /** Shows one COMPLETE branch and asks whether to merge it; no answer is a no. */
  public static boolean ask(AgentStatus s, BufferedReader in, PrintWriter err) {
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

  /**
   * The {@code porch.sync/v1} document (docs/cli-json.md): on a dry run the plan's merges as
   * {@code PLANNED}, else {@code results}; then what the plan skipped and refused. {@code porch mcp}'s
   * sync tool returns it as it is.
   */
  public static Map<String, Object> json(SyncPlan plan, List<MergeResult> results, String target, boolean dryRun) {
    List<Map<String, Object>> merges = new ArrayList<>();
    if (dryRun) {
      for (AgentStatus s : plan.merge()) {
        merges.add(JsonOut.object("branch", s.branch(), "status", "PLANNED", "commit", null, "conflicts", List.of(),
            "message", s.summary().orElse(null)));
      }
    }
    for (MergeResult r : results) {
      merges.add(JsonOut.object("branch", r.branch(), "status", r.status().name(), "commit", r.commit().orElse(null),
          "conflicts", r.conflicts(), "message", r.message().orElse(null)));
    }
    List<Map<String, Object>> skipped = new ArrayList<>();
    for (SyncPlan.Skipped s : plan.skipped()) {
      skipped.add(JsonOut.object("task", s.status().task().value(), "conflicts_with", s.conflictsWith().value(),
          "paths", s.paths()));
    }
    List<Map<String, Object>> refused = new ArrayList<>();
    for (SyncPlan.Refused r : plan.refused()) {
      refused.add(JsonOut.object("task", r.status().task().value(), "branch", r.status().branch(), "own_branch",
          r.ownBranch(), "reason", r.reason()));
    }
    return JsonOut.object("schema", "porch.sync/v1", "target", target, "dry_run", dryRun, "merges", merges,
        "skipped", skipped, "refused", refused);
  }

  /** Prints the merges: the JSON document, or one line per merge that needs a word. */
  public void report(SyncPlan plan, List<MergeResult> results, String target, PrintWriter out, PrintWriter err) {
    if (json) {
      JsonOut.print(out, json(plan, results, target, dryRun));
      return;
    }
    for (MergeResult r : results) {
      switch (r.status()) {
        case MERGED:
          if (verbose) {
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
