package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.JsonOut;
import dev.porch.cli.internal.ReviewView;
import dev.porch.cli.internal.Usage;
import dev.porch.core.RunOptions;
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
      "The run's other attempts are recorded as not chosen (events.ndjson) and, as a run",
      "does without --keep, their clean worktrees and status files are removed (never a",
      "dirty worktree; branches only with --delete-branches, and only when merged).",
      "Only a COMPLETE task with commits of its own can be picked. Nothing runs again."
    },
    footer = {
      "%nExamples:",
      "  porch compare                        # look first",
      "  porch pick auth-2 --dry-run          # what would happen, predicted conflicts",
      "  porch pick auth-2                    # merge it; remove the others' worktrees",
      "  porch pick transport-sse --keep      # after 'porch explore': merge, keep the rest",
      "%nExit status is 1 when a conflict is predicted or the merge does not happen."
    })
final class PickCommand implements Callable<Integer> {
  private final Porch root;

  @Parameters(paramLabel = "TASK", description = "The attempt to merge.")
  String task;

  @Option(names = "--keep", description = "Keep the other attempts' worktrees and status files.")
  boolean keep;

  @Option(names = "--delete-branches", description = "Also delete the other attempts' branches when they are merged.")
  boolean deleteBranches;

  @Option(names = "--force", description = "Merge even when a conflict is predicted (git still aborts a merge that really conflicts).")
  boolean force;

  @Mixin Options.DryRun dryRun;
  @Mixin Options.Json json;

  PickCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    if (keep && deleteBranches) {
      throw Usage.error("--keep and --delete-branches cannot be used together");
    }
    RunOptions.CleanupPolicy policy = keep ? RunOptions.CleanupPolicy.KEEP
        : deleteBranches ? RunOptions.CleanupPolicy.REMOVE_WORKTREES_AND_BRANCHES : RunOptions.CleanupPolicy.REMOVE_WORKTREES;
    PickRequest request = PickRequest.of(Usage.task(task)).withCleanup(policy).withForce(force).withDryRun(dryRun.dryRun);
    var services = root.services();
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
