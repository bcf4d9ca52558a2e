package dev.porch.examples;

import dev.porch.core.AgentState;
import dev.porch.core.Decision;
import dev.porch.core.Plan;
import dev.porch.core.RunRequest;
import dev.porch.core.TaskName;
import dev.porch.core.TaskSpec;
import dev.porch.core.pattern.OrchestrationPattern;
import dev.porch.core.pattern.RunView;
import dev.porch.core.port.Evaluation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pattern no built-in covers: a "review round". N implementers work on the same task; then a
 * reviewer agent, started on its own branch once every implementer has finished, reads their
 * branches and names the one it prefers in its RESULTS.md ({@code CHOICE: <task>}). porch merges
 * the reviewer's choice if it passed the tests, and otherwise falls back to the best test score.
 *
 * <p>Written only against the public API: it plans with {@link TaskSpec} dependencies and decides
 * from the {@link RunView}; the engine needs no change to run it.
 *
 * <pre>{@code
 * RunResult r = orchestrator.run(new ReviewRound(3), RunRequest.of(TaskName.of("slug"), "Implement slugify"));
 * }</pre>
 */
public final class ReviewRound implements OrchestrationPattern {
  private static final Pattern CHOICE = Pattern.compile("(?m)^\\s*CHOICE:\\s*([a-z0-9][a-z0-9._-]*)\\s*$");
  private final int implementers;

  /**
   * A review round with {@code implementers} implementers and one reviewer.
   *
   * @throws IllegalArgumentException if {@code implementers < 2}
   */
  public ReviewRound(int implementers) {
    if (implementers < 2) {
      throw new IllegalArgumentException("a review round needs at least 2 implementers, got " + implementers);
    }
    this.implementers = implementers;
  }

  @Override
  public String name() {
    return "review-round";
  }

  @Override
  public Plan plan(RunRequest request) {
    List<TaskSpec> tasks = new ArrayList<>();
    List<TaskName> names = new ArrayList<>();
    for (int i = 1; i <= implementers; i++) {
      TaskName t = request.feature().indexed(i);
      names.add(t);
      tasks.add(TaskSpec.builder().name(t).prompt(request.instructions()).role("implementer").build());
    }
    StringBuilder review = new StringBuilder("Review the implementations on these branches and pick the best one:\n");
    names.forEach(n -> review.append("- ").append(n).append('\n'));
    review.append("Write 'CHOICE: <task>' on a line of its own in RESULTS.md.\n\nThe task they solved:\n")
        .append(request.instructions());
    tasks.add(TaskSpec.builder().name(request.feature().child("review")).prompt(review.toString())
        .role("reviewer").addAllDependsOn(names).build());
    return Plan.of(tasks);
  }

  @Override
  public Decision decide(RunView view) {
    TaskName reviewer = view.request().feature().child("review");
    List<TaskName> candidates = new ArrayList<>();
    for (TaskSpec t : view.plan().tasks()) {
      if (!t.name().equals(reviewer) && view.state(t.name()) == AgentState.COMPLETE
          && view.evaluation(t.name()).map(Evaluation::passed).orElse(false)) {
        candidates.add(t.name());
      }
    }
    if (candidates.isEmpty()) {
      return Decision.nothing("no implementer passed the tests");
    }
    Optional<TaskName> choice = view.evaluation(reviewer).flatMap(Evaluation::results).flatMap(ReviewRound::choiceIn)
        .filter(candidates::contains);
    TaskName winner = choice.orElseGet(() -> candidates.stream()
        .max(Comparator.comparingDouble(t -> view.evaluation(t).map(Evaluation::score).orElse(0.0))).orElseThrow());
    Decision.Builder d = Decision.builder().verdict(Decision.Verdict.MERGE).addMerge(winner).winner(winner)
        .putReasons(winner, choice.isPresent() ? "the reviewer chose it and it passes the tests" : "best test score (the reviewer made no valid choice)")
        .summary(winner + " wins the review round");
    for (TaskSpec t : view.plan().tasks()) {
      if (!t.name().equals(winner)) {
        d.addDiscard(t.name());
      }
    }
    return d.build();
  }

  static Optional<TaskName> choiceIn(String results) {
    Matcher m = CHOICE.matcher(results);
    return m.find() && TaskName.isValid(m.group(1)) ? Optional.of(TaskName.of(m.group(1))) : Optional.empty();
  }
}
