package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.JsonOut;
import dev.porch.cli.internal.ReviewView;
import dev.porch.cli.internal.Usage;
import dev.porch.core.TaskName;
import dev.porch.core.review.Comparison;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code porch compare}: N attempts side by side. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Compare attempts side by side: a row per file any of them touched, a column per",
      "attempt with its +added -removed lines (blank: not touched; A, D, R: added, deleted,",
      "renamed), then each attempt's totals, tests, score and state, and its summary.",
      "Without TASK: every task of the last run. One name that is a feature (auth for",
      "auth-1..3) or a run id means its tasks."
    },
    footer = {
      "%nExamples:",
      "  porch compare                        # the last run's attempts",
      "  porch compare auth                   # auth-1, auth-2, ...",
      "  porch compare auth-1 auth-3",
      "  porch compare --json",
      "%nThen look closer with 'porch diff TASK', and choose with 'porch pick TASK'."
    })
final class CompareCommand implements Callable<Integer> {
  private final Porch root;

  @Parameters(paramLabel = "TASK", arity = "0..*", description = "Tasks to compare, a feature, or a run id (default: the last run).")
  List<String> tasks = new ArrayList<>();

  @Mixin Options.Json json;

  CompareCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    List<TaskName> names = new ArrayList<>();
    tasks.forEach(t -> names.add(Usage.task(t)));
    Comparison c = root.services().review().compare(names);
    if (json.json) {
      JsonOut.print(root.context().out(), ReviewView.compareJson(c));
    } else {
      ReviewView.printCompare(c, root.context().out(), root.style(), root.context().columns());
    }
    return 0;
  }
}
