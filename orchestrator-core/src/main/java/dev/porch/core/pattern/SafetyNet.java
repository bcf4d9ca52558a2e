package dev.porch.core.pattern;

import dev.porch.core.Decision;
import dev.porch.core.Plan;
import dev.porch.core.RunRequest;
import dev.porch.core.TaskName;
import java.util.List;

/**
 * The seed's redundant safety net: N agents make the same high-risk change; it is merged only if at
 * least K of them pass the tests, and then only the best one.
 */
final class SafetyNet implements OrchestrationPattern {
  private final int agents;
  private final int mustPass;

  SafetyNet(int agents, int mustPass) {
    if (agents < 2) {
      throw new IllegalArgumentException("a safety net needs at least 2 agents, got " + agents);
    }
    if (mustPass < 1 || mustPass > agents) {
      throw new IllegalArgumentException("the number that must pass is from 1 to " + agents + ", got " + mustPass);
    }
    this.agents = agents;
    this.mustPass = mustPass;
  }

  @Override
  public String name() {
    return "safety-net";
  }

  @Override
  public Plan plan(RunRequest request) {
    if (request.testCommand().isEmpty()) {
      throw new IllegalArgumentException("the safety net counts passing test runs; give a test command");
    }
    return Competitive.sameTask(request, agents, "redundant");
  }

  @Override
  public Decision decide(RunView view) {
    List<TaskName> tasks = view.plan().names();
    List<TaskName> passing = Ranking.passing(view, tasks).stream()
        .filter(t -> view.evaluation(t).get().tested()).toList();
    if (passing.size() < mustPass) {
      Decision.Builder b = Decision.builder().verdict(Decision.Verdict.NOTHING).addAllRanking(Ranking.rank(view, tasks))
          .summary("only " + passing.size() + " of " + agents + " agents passed the tests; " + mustPass
              + " must pass before anything is merged");
      tasks.forEach(t -> b.putReasons(t, Ranking.describe(view, t)));
      return b.build();
    }
    return Competitive.decideBest(view, tasks, false, "safety-net (" + passing.size() + " of " + agents + " passed)");
  }
}
