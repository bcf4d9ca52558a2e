package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.CommandIo;
import dev.porch.cli.internal.JsonOut;
import dev.porch.cli.internal.ReviewPaths;
import dev.porch.cli.internal.ReviewView;
import dev.porch.cli.internal.Style;
import dev.porch.cli.internal.Usage;
import dev.porch.core.TaskName;
import dev.porch.core.review.Review;
import dev.porch.core.review.TaskDiff;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code porch diff}: a task's branch against its base. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Show what a task's agent changed: its branch against the base it started from",
      "(git diff base...branch, renames detected), git's own patch text. On a terminal it",
      "is coloured and paged as git does (git's pager: GIT_PAGER, core.pager, PAGER, less);",
      "control characters in the agent's files are shown escaped. PATHs limit it to those",
      "files or folders (relative to where you are; literal, no globs)."
    },
    footer = {
      "%nExamples:",
      "  porch diff auth-2                    # the whole patch",
      "  porch diff auth-2 --stat             # files with +/- bars",
      "  porch diff auth-2 -- src/login       # only what is under src/login",
      "  porch diff auth-2 --name-status      # A/M/D/R and the paths",
      "  porch diff auth-2 --json             # files with additions and deletions",
      "%nExit status is 0 whether or not anything changed; 1 when the task or its branch is missing."
    })
final class DiffCommand implements Callable<Integer> {
  private final Porch root;

  @Parameters(index = "0", paramLabel = "TASK", description = "The task whose work to show.")
  String task;

  @Parameters(index = "1..*", paramLabel = "PATH", arity = "0..*", description = "Files or folders to limit the diff to (put them after --).")
  List<String> paths = new ArrayList<>();

  @Option(names = "--stat", description = "A line per file with its size as +/- bars, then the totals (like git diff --stat).")
  boolean stat;

  @Option(names = "--name-status", description = "The kind of change (A, M, D, R, T) and path of each file.")
  boolean nameStatus;

  @Option(names = "--patch", description = "With --json: include the patch text as \"patch\".")
  boolean patch;

  @Option(names = "--no-pager", description = "Print to stdout even on a terminal.")
  boolean noPager;

  @Mixin Options.Json json;

  DiffCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    if (stat && nameStatus || (stat || nameStatus) && json.json) {
      throw Usage.error("choose one of --stat, --name-status and --json");
    }
    if (patch && !json.json) {
      throw Usage.error("--patch goes with --json (without --json the patch is what porch diff prints)");
    }
    TaskName name = Usage.task(task);
    var services = root.services();
    List<String> filter = ReviewPaths.repositoryRelative(services.workDir(), services.root(), paths);
    Review review = services.review();
    PrintWriter out = root.context().out();
    if (json.json || stat || nameStatus) {
      TaskDiff d = review.diff(name, filter);
      if (json.json) {
        JsonOut.print(out, ReviewView.diffJson(d, patch ? Optional.of(review.patch(name, filter, false)) : Optional.empty()));
      } else if (stat) {
        ReviewView.printStat(d, out, root.style(), root.context().columns());
      } else {
        ReviewView.printNameStatus(d, out);
      }
      return 0;
    }
    // coloured as git colours it: where the person's git config turns diff colours off, plain
    Style style = root.style().enabled() && root.colourAuto() && !services.workspaces().coloursDiffs()
        ? new Style(picocli.CommandLine.Help.Ansi.OFF) : root.style();
    String text = ReviewView.patch(review.patch(name, filter, false), style);
    Optional<String> pager = !noPager && root.context().terminal() && !text.isEmpty()
        ? services.workspaces().pager() : Optional.empty();
    out.flush();
    if (pager.isEmpty() || !CommandIo.page(pager.get(), text)) {
      out.print(text);
    }
    return 0;
  }
}
