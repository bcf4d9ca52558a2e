package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.JsonOut;
import dev.porch.cli.internal.ReviewView;
import dev.porch.cli.internal.Usage;
import dev.porch.core.RunOptions;
import dev.porch.core.TaskName;
import dev.porch.core.review.PickRequest;
import dev.porch.core.review.PickResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code porch pick}: merge the attempt a person chose, the way the run would have. */
@Command(
    name = "pick",
    mixinStandardHelpOptions = true,
    description = {
      "Choose an attempt and merge it the way a run merges its winner: predict conflicts",
      "with the current branch first (a predicted conflict merges nothing and names the",
      "files, unless --force), then 'git merge --no-ff -m \"Merge <task>: <summary>\"'.",
      "The run's other attempts are recorded as not chosen (events.ndjson) and cleaned up",
      "as their run would have (a pattern command without --keep removes their clean",
      "worktrees and status files; never a dirty worktree, never an unmerged branch).",
      "Only a COMPLETE task with commits of its own can be picked. Nothing runs again."
    },
    footer = {
      "%nExamples:",
      "  porch compare                        # look first",
      "  porch pick auth-2 --dry-run          # what would happen, predicted conflicts",
      "  porch pick auth-2                    # merge it; clean up the others as the run would",
      "  porch pick transport-sse --keep      # after 'porch explore': merge, keep the rest",
      "  porch pick auth-2 --cleanup remove_worktrees_and_branches",
      "%nExit status is 1 when a conflict is predicted or the merge does not happen."
    })
final class PickCommand implements Callable<Integer> {
  private final Porch root;

  @Parameters(paramLabel = "TASK", description = "The attempt to merge.")
  String task;

  @Option(names = "--keep", description = "Keep the other attempts' worktrees and status files (same as --cleanup keep).")
  boolean keep;

  @Option(names = "--cleanup", paramLabel = "POLICY", description = "What to do with the attempts not chosen: ${COMPLETION-CANDIDATES} (default: what their run was started with; keep for tasks from porch spawn).")
  RunOptions.CleanupPolicy cleanup;

  @Option(names = "--force", description = "Merge even when a conflict is predicted (git still aborts a merge that really conflicts).")
  boolean force;

  @Mixin Options.DryRun dryRun;
  @Mixin Options.Json json;

  PickCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    if (keep && cleanup != null) {
      throw Usage.error("--keep and --cleanup cannot be used together");
    }
    var services = root.services();
    TaskName name = Usage.task(task);
    RunOptions.CleanupPolicy policy = keep ? RunOptions.CleanupPolicy.KEEP : cleanup != null ? cleanup : services.runCleanup(name);
    PickRequest request = PickRequest.of(name).withCleanup(policy).withForce(force).withDryRun(dryRun.dryRun);
    PickResult r;
    try (var lock = services.lock()) {
      r = services.review().pick(request);
    }
    if (json.json) {
      JsonOut.print(root.context().out(), ReviewView.pickJson(r, policy));
    } else {
      ReviewView.printPick(r, root.verbose(), root.context().out(), root.context().err());
    }
    return r.ok() ? 0 : 1;
  }
}
