package dev.porch.core.testing;

import dev.porch.core.AgentState;
import dev.porch.core.Decision;
import dev.porch.core.Plan;
import dev.porch.core.RunRequest;
import dev.porch.core.TaskName;
import dev.porch.core.TaskSpec;
import dev.porch.core.pattern.OrchestrationPattern;
import dev.porch.core.pattern.RunView;
import java.util.List;

/** A test pattern: runs the given tasks and merges every COMPLETE one in plan order. */
public final class MergeAllPattern implements OrchestrationPattern {
  private final List<TaskSpec> tasks;

  public MergeAllPattern(List<TaskSpec> tasks) {
    this.tasks = List.copyOf(tasks);
  }

  /** Tasks {@code <feature>-1..n}, independent. */
  public static MergeAllPattern independent(String feature, int n) {
    List<TaskSpec> specs = new java.util.ArrayList<>();
    for (int i = 1; i <= n; i++) {
      specs.add(TaskSpec.of(TaskName.of(feature).indexed(i), "part " + i));
    }
    return new MergeAllPattern(specs);
  }

  @Override
  public String name() {
    return "merge-all";
  }

  @Override
  public Plan plan(RunRequest request) {
    return Plan.of(tasks);
  }

  @Override
  public Decision decide(RunView view) {
    List<TaskName> done = view.tasksIn(AgentState.COMPLETE);
    if (done.isEmpty()) {
      return Decision.nothing("nothing completed");
    }
    Decision.Builder b = Decision.builder().verdict(Decision.Verdict.MERGE).addAllMerge(done).summary("merge all");
    for (TaskName t : view.plan().names()) {
      if (!done.contains(t)) {
        b.addDiscard(t);
      }
    }
    return b.build();
  }
}
