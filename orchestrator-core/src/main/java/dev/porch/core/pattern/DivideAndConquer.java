package dev.porch.core.pattern;

import dev.porch.core.AgentState;
import dev.porch.core.Decision;
import dev.porch.core.Plan;
import dev.porch.core.RunRequest;
import dev.porch.core.TaskName;
import dev.porch.core.TaskSpec;
import dev.porch.core.port.Evaluation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The seed's Pattern 2: one agent per part ({@code <feature>-<part>}); every COMPLETE part is
 * merged in dependency order (the engine refuses a part predicted to conflict with one merged
 * before it); failed parts are reported.
 */
final class DivideAndConquer implements dev.porch.core.pattern.OrchestrationPattern {
  private final List<Part> parts;

  DivideAndConquer(List<Part> parts) {
    this.parts = List.copyOf(parts);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("divide and conquer needs at least one part");
    }
    Set<String> names = new HashSet<>();
    for (Part p : parts) {
      if (!names.add(p.name())) {
        throw new IllegalArgumentException("part " + p.name() + " appears twice; part names must be unique");
      }
    }
    for (Part p : parts) {
      for (String d : p.dependsOn()) {
        if (!names.contains(d)) {
          throw new IllegalArgumentException("part " + p.name() + " depends on unknown part " + d + "; parts are " + names);
        }
      }
    }
  }

  @Override
  public String name() {
    return "divide";
  }

  @Override
  public Plan plan(RunRequest request) {
    List<TaskSpec> tasks = new ArrayList<>();
    for (Part p : parts) {
      TaskSpec.Builder b = TaskSpec.builder().name(request.feature().child(p.name())).prompt(p.prompt()).role("part");
      for (String d : p.dependsOn()) {
        b.addDependsOn(request.feature().child(d));
      }
      if (p.startFromDependency()) {
        b.startFrom(request.feature().child(p.dependsOn().get(0)));
      }
      tasks.add(b.build());
    }
    return Plan.of(tasks);
  }

  @Override
  public Decision decide(RunView view) {
    List<TaskName> merge = new ArrayList<>();
    List<TaskName> failed = new ArrayList<>();
    List<TaskName> empty = new ArrayList<>();
    Decision.Builder b = Decision.builder();
    for (TaskSpec t : view.plan().topologicalOrder()) {
      b.putReasons(t.name(), Ranking.describe(view, t.name()));
      if (view.state(t.name()) == AgentState.COMPLETE
          && view.evaluation(t.name()).map(Evaluation::broughtNothing).orElse(false)) {
        empty.add(t.name());
      } else if (view.state(t.name()) == AgentState.COMPLETE) {
        merge.add(t.name());
      } else {
        failed.add(t.name());
      }
    }
    if (merge.isEmpty()) {
      return b.verdict(Decision.Verdict.NOTHING).summary("no part completed with commits to merge; nothing merged")
          .build();
    }
    String summary = "merge " + merge.size() + " of " + view.plan().size() + " parts in dependency order"
        + (failed.isEmpty() ? "" : "; not complete: " + String.join(", ", failed.stream().map(TaskName::value).toList()))
        + (empty.isEmpty() ? "" : "; no commits beyond the base: "
            + String.join(", ", empty.stream().map(TaskName::value).toList()));
    return b.verdict(Decision.Verdict.MERGE).addAllMerge(merge).summary(summary).build();
  }
}
