package dev.porch.core.pattern;

import dev.porch.core.Decision;
import dev.porch.core.Plan;
import dev.porch.core.RunRequest;
import dev.porch.core.TaskName;
import dev.porch.core.TaskSpec;
import java.util.ArrayList;
import java.util.List;

/** See {@link CompetitivePattern}. */
final class Competitive implements CompetitivePattern {
  private final int agents;
  private final boolean keepLosers;

  Competitive(int agents, boolean keepLosers) {
    if (agents < 2) {
      throw new IllegalArgumentException("a competition needs at least 2 agents, got " + agents);
    }
    this.agents = agents;
    this.keepLosers = keepLosers;
  }

  @Override
  public String name() {
    return "competitive";
  }

  @Override
  public int agents() {
    return agents;
  }

  @Override
  public boolean keepsLosers() {
    return keepLosers;
  }

  @Override
  public CompetitivePattern keepLosers() {
    return new Competitive(agents, true);
  }

  @Override
  public Plan plan(RunRequest request) {
    return sameTask(request, agents, "competitor");
  }

  /** {@code <feature>-1..n}, each with the request's prompt and {@code role}: the seed's spawn. */
  static Plan sameTask(RunRequest request, int n, String role) {
    List<TaskSpec> tasks = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      tasks.add(TaskSpec.builder().name(request.feature().indexed(i)).prompt(request.instructions()).role(role).build());
    }
    return Plan.of(tasks);
  }

  @Override
  public Decision decide(RunView view) {
    return decideBest(view, view.plan().names(), keepLosers, "competitive");
  }

  /** Merge the best passing task, discard the rest (unless kept); shared with the safety net. */
  static Decision decideBest(RunView view, List<TaskName> tasks, boolean keepLosers, String what) {
    List<TaskName> ranked = Ranking.rank(view, tasks);
    List<TaskName> passing = Ranking.passing(view, tasks);
    Decision.Builder b = Decision.builder().addAllRanking(ranked);
    for (TaskName t : tasks) {
      b.putReasons(t, Ranking.describe(view, t));
    }
    if (passing.isEmpty()) {
      List<TaskName> empty = Ranking.empty(view, tasks);
      String why = empty.isEmpty() ? "" : "; no commits beyond the base: "
          + String.join(", ", empty.stream().map(TaskName::value).toList());
      return b.verdict(Decision.Verdict.NOTHING)
          .summary("no agent's work passed (" + ranked.size() + " of " + tasks.size() + " complete" + why
              + "); nothing merged")
          .build();
    }
    TaskName winner = passing.get(0);
    List<TaskName> losers = tasks.stream().filter(t -> !t.equals(winner)).toList();
    if (!keepLosers) {
      b.addAllDiscard(losers);
    }
    return b.verdict(Decision.Verdict.MERGE).addMerge(winner).winner(winner)
        .summary(winner + " wins the " + what + " round: " + Ranking.describe(view, winner)).build();
  }
}
