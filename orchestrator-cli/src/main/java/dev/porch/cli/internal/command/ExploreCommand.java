package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.Usage;
import dev.porch.core.TaskName;
import dev.porch.core.pattern.Patterns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code porch explore}: exploration sprint. */
@Command(
    name = "explore",
    mixinStandardHelpOptions = true,
    description = {
      "Exploration sprint: one agent per named approach, each with its own prompt",
      "(<feature>-<approach>). porch evaluates them and prints a side-by-side report and a",
      "ranking. Nothing is merged unless you name the approach with --choose, or pick one",
      "after looking (porch compare, porch diff TASK, porch pick TASK)."
    },
    footer = {"%nExample:", "  porch explore transport --approach websocket=ws.md --approach sse=sse.md --test \"npm test\""})
final class ExploreCommand implements Callable<Integer> {
  private final Porch root;

  @Parameters(paramLabel = "FEATURE", description = "Feature name.")
  String feature;

  @Option(names = "--approach", paramLabel = "NAME=FILE", required = true, description = "An approach and its prompt file (repeat; at least two).")
  List<String> approaches = new ArrayList<>();

  @Option(names = "--choose", paramLabel = "NAME", description = "Merge this approach once it is COMPLETE.")
  String choose;

  @Mixin PatternOptions options;

  ExploreCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    TaskName name = Usage.task(feature);
    String shared = options.prompt(root, true).orElse("");
    Map<String, String> map = PatternOptions.namedPrompts(root, approaches, "--approach", shared);
    if (choose != null && !map.containsKey(choose)) {
      throw Usage.error("--choose " + choose + " is not one of the approaches " + map.keySet());
    }
    var pattern = Usage.input(() -> choose == null ? Patterns.explore(map) : Patterns.explore(map).choose(choose));
    return options.run(root, pattern, options.request(root, name, shared.isEmpty() ? "explore: " + name : shared));
  }
}
