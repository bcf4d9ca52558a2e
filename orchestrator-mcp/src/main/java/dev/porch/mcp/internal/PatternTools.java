package dev.porch.mcp.internal;

import dev.porch.core.RunHandle;
import dev.porch.core.RunRequest;
import dev.porch.core.TaskName;
import dev.porch.core.pattern.OrchestrationPattern;
import dev.porch.core.pattern.Part;
import dev.porch.core.pattern.Patterns;
import dev.porch.mcp.PorchHost;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tool per built-in pattern ({@code compete}, {@code divide}, {@code test_first}, {@code
 * explore}, {@code safety_net}): the pattern from {@link Patterns} and the request the CLI's pattern
 * commands build, started in the background; each returns the run's id at once.
 */
final class PatternTools {
  private final PorchHost host;
  private final Runs runs;

  PatternTools(PorchHost host, Runs runs) {
    this.host = host;
    this.runs = runs;
  }

  List<SyncToolSpecification> all() {
    return List.of(compete(), divide(), testFirst(), explore(), safetyNet());
  }

  private static Schema feature(Schema s) {
    return s.string("feature", "Feature name: lower-case letters, digits, '.', '_', '-'.", true);
  }

  private Map<String, Object> start(String kind, Args a, TaskName feature, String instructions,
      OrchestrationPattern pattern, boolean needsTests) {
    RunRequest request = host.request(RunArgs.settings(a, feature, instructions));
    if (needsTests && request.testCommand().isEmpty()) {
      throw new ToolInputException(kind + " needs a test command: give 'test', or set \"test\" in .porch.json");
    }
    List<String> warnings = host.preflight(request);
    RunHandle h = runs.start(kind, pattern, request);
    return RunArgs.started(h, kind, warnings);
  }

  SyncToolSpecification compete() {
    Schema in = RunArgs.common(feature(Schema.object())
        .string("prompt", "The task every agent solves.", true)
        .integer("agents", "How many agents (tasks <feature>-1..N).", 2, 64, 3));
    return Tool.of(host, "compete", "Competitive implementation",
        "N agents solve the same task, each in its own worktree; porch runs the tests in each, picks the winner (tests"
            + " pass, then score, then smallest diff) and merges it. Runs in the background; returns the run id at once.",
        in, RunArgs.startedSchema(), false, false, (a, call) -> {
          TaskName feature = a.task("feature");
          OrchestrationPattern p = Patterns.competitive(a.integer("agents", 2, 64).orElse(3));
          return start("compete", a, feature, a.requiredString("prompt"), p, false);
        });
  }

  SyncToolSpecification divide() {
    Schema part = Schema.object()
        .string("name", "The part's name (task <feature>-<name>).", true)
        .string("prompt", "What this part's agent does.", true)
        .strings("after", "Parts this one waits for; it starts from their branch once they are COMPLETE.", false);
    Schema in = RunArgs.common(feature(Schema.object())
        .objects("parts", "One agent per part.", part, true)
        .string("prompt", "Shared context prepended to every part's prompt.", false));
    return Tool.of(host, "divide", "Divide and conquer",
        "One agent per part, each with its own prompt; a part may wait for others. porch predicts conflicts between"
            + " the finished parts, then merges them all in dependency order. Runs in the background; returns the run"
            + " id at once.",
        in, RunArgs.startedSchema(), false, false, (a, call) -> {
          TaskName feature = a.task("feature");
          String shared = a.string("prompt").orElse("");
          List<Part> parts = new ArrayList<>();
          List<String> names = new ArrayList<>();
          for (Args p : a.objects("parts")) {
            String name = TaskName.of(p.requiredString("name")).value();
            if (names.contains(name)) {
              throw new ToolInputException("part '" + name + "' is given twice");
            }
            names.add(name);
            String prompt = p.requiredString("prompt");
            List<String> after = p.strings("after");
            Part made = Part.of(name, shared.isEmpty() ? prompt : shared + "\n\n" + prompt)
                .dependsOn(after.toArray(String[]::new));
            parts.add(after.isEmpty() ? made : made.startingFromDependency());
          }
          if (parts.isEmpty()) {
            throw new ToolInputException("argument 'parts' needs at least one part");
          }
          for (Part p : parts) {
            for (String d : p.dependsOn()) {
              if (!names.contains(d)) {
                throw new ToolInputException("part '" + p.name() + "' waits for '" + d + "', which no part defines");
              }
            }
          }
          return start("divide", a, feature, shared.isEmpty() ? "divide and conquer: " + feature : shared,
              Patterns.divide(parts), false);
        });
  }

  SyncToolSpecification testFirst() {
    Schema in = RunArgs.common(feature(Schema.object())
        .string("prompt", "The specification: one agent writes tests for it, the implementers make them pass.", true)
        .integer("implementers", "How many implementers.", 1, 64, 2));
    return Tool.of(host, "test_first", "Test-first",
        "One agent writes the tests; N implementers branch from its result; the first whose workspace passes wins and"
            + " the rest are cancelled. Needs a test command. Runs in the background; returns the run id at once.",
        in, RunArgs.startedSchema(), false, false, (a, call) -> {
          TaskName feature = a.task("feature");
          OrchestrationPattern p = Patterns.testFirst(a.integer("implementers", 1, 64).orElse(2));
          return start("test_first", a, feature, a.requiredString("prompt"), p, true);
        });
  }

  SyncToolSpecification explore() {
    Schema approach = Schema.object()
        .string("name", "The approach's name (task <feature>-<name>).", true)
        .string("prompt", "What this approach's agent does.", true);
    Schema in = RunArgs.common(feature(Schema.object())
        .objects("approaches", "One agent per approach.", approach, true)
        .string("prompt", "Shared context prepended to every approach's prompt.", false)
        .string("choose", "Merge this approach (default: rank them and merge nothing).", false));
    return Tool.of(host, "explore", "Exploration",
        "One agent per named approach; porch ranks them by evaluation and reports them side by side; only a chosen"
            + " one is merged. Runs in the background; returns the run id at once.",
        in, RunArgs.startedSchema(), false, false, (a, call) -> {
          TaskName feature = a.task("feature");
          String shared = a.string("prompt").orElse("");
          Map<String, String> approaches = new LinkedHashMap<>();
          for (Args p : a.objects("approaches")) {
            String name = TaskName.of(p.requiredString("name")).value();
            String prompt = p.requiredString("prompt");
            if (approaches.put(name, shared.isEmpty() ? prompt : shared + "\n\n" + prompt) != null) {
              throw new ToolInputException("approach '" + name + "' is given twice");
            }
          }
          var choose = a.string("choose");
          if (choose.isPresent() && !approaches.containsKey(choose.get())) {
            throw new ToolInputException("choose " + choose.get() + " is not one of the approaches " + approaches.keySet());
          }
          OrchestrationPattern p = choose.isEmpty() ? Patterns.explore(approaches)
              : Patterns.explore(approaches).choose(choose.get());
          return start("explore", a, feature, shared.isEmpty() ? "explore: " + feature : shared, p, false);
        });
  }

  SyncToolSpecification safetyNet() {
    Schema in = RunArgs.common(feature(Schema.object())
        .string("prompt", "The high-risk change every agent makes.", true)
        .integer("agents", "How many agents.", 1, 64, 3)
        .integer("min_passing", "How many must pass the tests before anything is merged.", 1, 64, 2));
    return Tool.of(host, "safety_net", "Redundant safety net",
        "N agents make the same high-risk change; porch merges only if at least K pass the tests, the best of those."
            + " Needs a test command. Runs in the background; returns the run id at once.",
        in, RunArgs.startedSchema(), false, false, (a, call) -> {
          TaskName feature = a.task("feature");
          OrchestrationPattern p = Patterns.safetyNet(a.integer("agents", 1, 64).orElse(3),
              a.integer("min_passing", 1, 64).orElse(2));
          return start("safety_net", a, feature, a.requiredString("prompt"), p, true);
        });
  }
}
