package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.Usage;
import dev.porch.core.TaskName;
import dev.porch.core.pattern.Part;
import dev.porch.core.pattern.Patterns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code porch divide}: divide and conquer. */
@Command(
    name = "divide",
    mixinStandardHelpOptions = true,
    description = {
      "Divide and conquer: one agent per part (<feature>-<part>), each with its own prompt.",
      "A part may wait for another (--after ui:api: ui starts from api's branch once api is",
      "COMPLETE). porch predicts conflicts between the finished parts, then merges them all",
      "in dependency order, and reports parts that failed. --prompt, if given, is shared",
      "context prepended to every part's prompt."
    },
    footer = {"%nExample:", "  porch divide shop --part api=api.md --part ui=ui.md --after ui:api --test \"npm test\""})
final class DivideCommand implements Callable<Integer> {
  private final Porch root;

  @Parameters(paramLabel = "FEATURE", description = "Feature name.")
  String feature;

  @Option(names = "--part", paramLabel = "NAME=FILE", required = true, description = "A part and its prompt file (repeat for each part).")
  List<String> parts = new ArrayList<>();

  @Option(names = "--after", paramLabel = "PART:DEPENDENCY", description = "PART starts after DEPENDENCY is COMPLETE, from its branch (repeatable).")
  List<String> after = new ArrayList<>();

  @Mixin PatternOptions options;

  DivideCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    TaskName name = Usage.task(feature);
    String shared = options.prompt(root, true).orElse("");
    Map<String, List<String>> deps = new LinkedHashMap<>();
    for (String a : after) {
      int colon = a.indexOf(':');
      if (colon <= 0 || colon == a.length() - 1) {
        throw Usage.error("--after takes PART:DEPENDENCY, got '" + a + "'");
      }
      deps.computeIfAbsent(a.substring(0, colon), k -> new ArrayList<>()).add(a.substring(colon + 1));
    }
    List<Part> list = new ArrayList<>();
    PatternOptions.namedPrompts(root, parts, "--part", shared).forEach((part, prompt) -> {
      List<String> needs = deps.getOrDefault(part, List.of());
      Part p = Usage.input(() -> Part.of(part, prompt).dependsOn(needs.toArray(String[]::new)));
      list.add(needs.isEmpty() ? p : Usage.input(p::startingFromDependency));
    });
    for (String p : deps.keySet()) {
      if (list.stream().noneMatch(x -> x.name().equals(p))) {
        throw Usage.error("--after names part '" + p + "', which no --part defines");
      }
    }
    var pattern = Usage.input(() -> Patterns.divide(list));
    return options.run(root, pattern, options.request(root, name, shared.isEmpty() ? "divide and conquer: " + name : shared));
  }
}
