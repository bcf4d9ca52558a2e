package dev.porch.mcp.internal;

import dev.porch.core.RunOptions;
import dev.porch.core.TaskName;
import dev.porch.core.review.PickRequest;
import dev.porch.core.review.PickResult;
import dev.porch.core.review.Review;
import dev.porch.core.review.TaskDiff;
import dev.porch.mcp.PorchHost;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reviewing finished work: {@code diff}, {@code compare} and {@code pick}, calls of the review API
 * ({@link Review}) as {@code porch diff --json}, {@code porch compare --json} and {@code porch pick
 * --json} make them, with the same documents.
 */
final class ReviewTools {
  private final PorchHost host;
  private final Runs runs;

  ReviewTools(PorchHost host, Runs runs) {
    this.host = host;
    this.runs = runs;
  }

  List<SyncToolSpecification> all() {
    return List.of(diff(), compare(), pick());
  }

  SyncToolSpecification diff() {
    Schema in = Schema.object()
        .string("task", "The task whose work to show (its branch against its base).", true)
        .strings("paths", "Only these files (paths relative to the repository root).", false)
        .bool("patch", "Include git's unified diff as \"patch\".", false);
    Schema out = Schema.object().any("task", "string", "The task.", true)
        .any("branch", "string", "Its branch.", true)
        .any("base", "string", "The branch it started from.", true)
        .any("files", "array", "One per changed file: path, old_path, change, additions, deletions, binary.", true)
        .any("totals", "object", "files, additions, deletions.", true);
    return Tool.of(host, "diff", "Show an agent's changes",
        "What a task changed against its base: files with additions and deletions, and with patch: true the"
            + " unified diff. The same document as 'porch diff --json' (porch.diff/v1).",
        in, out, true, false, (a, call) -> {
          TaskName task = a.task("task");
          List<String> paths = a.strings("paths");
          Review review = host.review();
          TaskDiff d = review.diff(task, paths);
          Optional<String> patch = a.bool("patch", false) ? Optional.of(review.patch(task, paths, false))
              : Optional.empty();
          return host.diffDocument(d, patch);
        });
  }

  SyncToolSpecification compare() {
    Schema in = Schema.object().strings("tasks", "Attempts to compare: task names, one feature or one run id;"
        + " default: every task of the last run.", false);
    Schema out = Schema.object().any("attempts", "array", "Each attempt: task, state, branch, tests, score, diff totals.",
        true).any("files", "array", "Each changed file and what each attempt did to it.", false);
    return Tool.of(host, "compare", "Compare attempts",
        "Compare the attempts of a run side by side: state, tests, score, summary, and per file what each changed."
            + " The same document as 'porch compare --json' (porch.compare/v1).",
        in, out, true, false, (a, call) -> {
          List<TaskName> names = new ArrayList<>();
          for (String t : a.strings("tasks")) {
            names.add(TaskName.of(t));
          }
          return host.compareDocument(host.review().compare(names));
        });
  }

  SyncToolSpecification pick() {
    Schema in = Schema.object()
        .string("task", "The COMPLETE attempt to merge into the current branch.", true)
        .bool("keep", "Keep the other attempts' worktrees (default: remove the clean ones).", false)
        .bool("delete_branches", "Also delete the other attempts' merged branches.", false)
        .bool("dry_run", "Only predict conflicts and say what would be removed.", false);
    Schema out = Schema.object().any("task", "string", "The task picked.", true)
        .any("target", "string", "The branch merged into.", true)
        .any("dry_run", "boolean", "Whether nothing was changed.", true)
        .any("predicted_conflicts", "array", "Files that would conflict.", true)
        .any("ok", "boolean", "Merged (or, in a dry run, would merge cleanly).", true);
    return Tool.of(host, "pick", "Merge the chosen attempt",
        "Merge one attempt by hand ('git merge --no-ff', after a conflict pre-check) and record the others as not"
            + " chosen; a predicted conflict merges nothing. There is no force here. The same document as"
            + " 'porch pick --json' (porch.pick/v1).",
        in, out, false, true, (a, call) -> {
          boolean keep = a.bool("keep", false);
          boolean deleteBranches = a.bool("delete_branches", false);
          if (keep && deleteBranches) {
            throw new ToolInputException("keep and delete_branches cannot be used together");
          }
          RunOptions.CleanupPolicy policy = keep ? RunOptions.CleanupPolicy.KEEP : deleteBranches
              ? RunOptions.CleanupPolicy.REMOVE_WORKTREES_AND_BRANCHES : RunOptions.CleanupPolicy.REMOVE_WORKTREES;
          PickRequest request = PickRequest.of(a.task("task")).withCleanup(policy)
              .withDryRun(a.bool("dry_run", false));
          PickResult r;
          try (AutoCloseable lock = runs.lock()) {
            r = host.review().pick(request);
          }
          return host.pickDocument(r, policy);
        });
  }
}
