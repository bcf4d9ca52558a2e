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

/** {@code porch compete}: competitive implementation. */
@Command(
    name = "compete",
    mixinStandardHelpOptions = true,
    description = {
      "Competitive implementation: N agents solve the same task, each in its own worktree",
      "(<feature>-1..N). porch runs your tests in each, picks the winner (tests pass, then",
      "best score, then smallest diff, then earliest) and merges it with --no-ff."
    },
    footer = {
      "%nExamples:",
      "  porch compete auth --agents 3 --prompt-file task.md --test \"mvn -q test\" --agent claude",
      "  porch compete auth --prompt \"Add a login form\" --review   # decide, do not merge"
    })
final class CompeteCommand implements Callable<Integer> {
  private final Porch root;

  @Parameters(paramLabel = "FEATURE", description = "Feature name; tasks are <feature>-1..N.")
  String feature;

  @Option(names = {"-a", "--agents"}, paramLabel = "N", defaultValue = "3", description = "How many agents (2 or more; default ${DEFAULT-VALUE}).")
  int agents;

  @Mixin PatternOptions options;

  CompeteCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    TaskName name = Usage.task(feature);
    var pattern = Usage.input(() -> Patterns.competitive(agents));
    return options.run(root, pattern, options.request(root, name, options.prompt(root, false).orElseThrow()));
  }
}
