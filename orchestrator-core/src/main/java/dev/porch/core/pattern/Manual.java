package dev.porch.core.pattern;

import dev.porch.core.Decision;
import dev.porch.core.Plan;
import dev.porch.core.RunRequest;
import dev.porch.core.TaskSpec;
import java.util.List;

/**
 * Runs agents on the tasks given and leaves the result for review (the CLI's {@code porch launch});
 * the verdict is NOTHING when no agent completed.
 */
final class Manual implements OrchestrationPattern {
  private final List<TaskSpec> tasks;

  Manual(List<TaskSpec> tasks) {
    this.tasks = List.copyOf(tasks);
    Plan.of(this.tasks);
  }

  @Override
  public String name() {
    return "manual";
  }

  @Override
  public Plan plan(RunRequest request) {
    return Plan.of(tasks);
  }

  @Override
  public Decision decide(RunView view) {
    int complete = view.tasksIn(dev.porch.core.AgentState.COMPLETE).size();
    // nothing to review when no agent finished: say so (the CLI then exits 1), with where to look
    Decision.Builder b = Decision.builder().verdict(complete == 0 ? Decision.Verdict.NOTHING : Decision.Verdict.REVIEW);
    view.plan().names().forEach(t -> b.putReasons(t, Ranking.describe(view, t)));
    return b.summary(complete == 0
        ? "none of " + view.plan().size() + " tasks completed; see their statuses and agent logs"
        : complete + " of " + view.plan().size() + " tasks complete; review them, then merge them").build();
  }
}
