package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.Usage;
import dev.porch.core.TaskName;
import dev.porch.core.pattern.Patterns;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code porch safety-net}: redundant safety net for a high-risk change. */
@Command(
    name = "safety-net",
    mixinStandardHelpOptions = true,
    description = {
      "Redundant safety net: N agents make the same high-risk change. porch merges only if",
      "at least K of them pass the tests, and then the best of those; otherwise it merges",
      "nothing and says why. Needs a test command."
    },
    footer = {"%nExample:", "  porch safety-net migration --agents 3 --min-passing 2 --prompt-file risky.md --test \"make test\""})
final class SafetyNetCommand implements Callable<Integer> {
  private final Porch root;

  @Parameters(paramLabel = "FEATURE", description = "Feature name; tasks are <feature>-1..N.")
  String feature;

  @Option(names = {"-a", "--agents"}, paramLabel = "N", defaultValue = "3", description = "How many agents (default ${DEFAULT-VALUE}).")
  int agents;

  @Option(names = {"-k", "--min-passing"}, paramLabel = "K", defaultValue = "2", description = "How many must pass the tests before anything is merged (default ${DEFAULT-VALUE}).")
  int minPassing;

  @Mixin PatternOptions options;

  SafetyNetCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    TaskName name = Usage.task(feature);
    if (options.testCommand(root.services().config()).isEmpty()) {
      throw Usage.error("safety-net needs a test command: --test \"...\" or \"test\" in .porch.json");
    }
    var pattern = Usage.input(() -> Patterns.safetyNet(agents, minPassing));
    return options.run(root, pattern, options.request(root, name, options.prompt(root, false).orElseThrow()));
  }
}
