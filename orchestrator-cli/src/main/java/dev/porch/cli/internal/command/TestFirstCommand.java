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

/** {@code porch test-first}: one agent writes tests, N implement; first to pass wins. */
@Command(
    name = "test-first",
    mixinStandardHelpOptions = true,
    description = {
      "Test-first: an agent writes the tests first (<feature>-tests); then N implementers",
      "start from its branch, with the tests present. The first implementer whose workspace",
      "passes the tests wins and is merged; the others are stopped. Needs a test command."
    },
    footer = {"%nExample:", "  porch test-first parser --implementers 3 --prompt-file spec.md --test \"pytest -q\""})
final class TestFirstCommand implements Callable<Integer> {
  private final Porch root;

  @Parameters(paramLabel = "FEATURE", description = "Feature name.")
  String feature;

  @Option(names = {"-n", "--implementers"}, paramLabel = "N", defaultValue = "2", description = "How many implementers (default ${DEFAULT-VALUE}).")
  int implementers;

  @Mixin PatternOptions options;

  TestFirstCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    TaskName name = Usage.task(feature);
    if (options.testCommand(root.services().config()).isEmpty()) {
      throw Usage.error("test-first needs a test command: --test \"...\" or \"test\" in .porch.json");
    }
    var pattern = Usage.input(() -> Patterns.testFirst(implementers));
    return options.run(root, pattern, options.request(root, name, options.prompt(root, false).orElseThrow()));
  }
}
