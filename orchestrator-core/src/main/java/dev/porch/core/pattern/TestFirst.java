package dev.porch.core.pattern;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.Decision;
import dev.porch.core.Plan;
import dev.porch.core.RunRequest;
import dev.porch.core.TaskName;
import dev.porch.core.TaskSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The seed's Pattern 3: {@code <feature>-tests} writes the tests first; then implementers {@code
 * <feature>-1..N} start from its branch; the first implementer whose workspace passes the test
 * command wins, and the others are cancelled at once.
 */
final class TestFirst implements OrchestrationPattern {
  static final String WRITER_ROLE = "test-writer";
  private final int implementers;

  TestFirst(int implementers) {
    if (implementers < 1) {
      throw new IllegalArgumentException("test-first needs at least 1 implementer, got " + implementers);
    }
    this.implementers = implementers;
  }

  @Override
  public String name() {
    return "test-first";
  }

  @Override
  public Plan plan(RunRequest request) {
    if (request.testCommand().isEmpty()) {
      throw new IllegalArgumentException("test-first judges implementers by running the tests; give a test command");
    }
    TaskName writer = writer(request.feature());
    List<TaskSpec> tasks = new ArrayList<>();
    tasks.add(TaskSpec.builder().name(writer).role(WRITER_ROLE)
        .prompt("Write comprehensive tests for the following, but do not implement it. Commit the tests.\n\n"
            + request.instructions())
        .build());
    for (int i = 1; i <= implementers; i++) {
      tasks.add(TaskSpec.builder().name(request.feature().indexed(i)).role("implementer").addDependsOn(writer)
          .startFrom(writer)
          .prompt(request.instructions() + "\n\nTests for this already exist on your branch (written by " + writer
              + "). Make them pass without changing them.")
          .build());
    }
    return Plan.of(tasks);
  }

  private static TaskName writer(TaskName feature) {
    return feature.child("tests");
  }

  private static List<TaskName> implementers(RunView view) {
    return view.plan().tasks().stream().filter(t -> !t.role().orElse("").equals(WRITER_ROLE))
        .map(TaskSpec::name).toList();
  }

  private static List<TaskName> passedInOrder(RunView view) {
    return implementers(view).stream().filter(view::passed)
        .sorted(Comparator.comparing(t -> view.status(t).flatMap(AgentStatus::completed).orElse(Instant.MAX)))
        .toList();
  }

  @Override
  public List<PatternAction> onProgress(RunView view) {
    List<TaskName> passed = passedInOrder(view);
    if (passed.isEmpty()) {
      return List.of();
    }
    TaskName winner = passed.get(0);
    List<PatternAction> out = new ArrayList<>();
    for (TaskName t : implementers(view)) {
      if (!t.equals(winner) && !view.state(t).isFinal() && view.state(t) != AgentState.BLOCKED) {
        out.add(PatternAction.cancel(t, winner + " passed the tests first"));
      }
    }
    return out;
  }

  @Override
  public Decision decide(RunView view) {
    TaskName writer = view.plan().tasks().stream().filter(t -> t.role().orElse("").equals(WRITER_ROLE))
        .findFirst().orElseThrow().name();
    Decision.Builder b = Decision.builder();
    view.plan().names().forEach(t -> b.putReasons(t, Ranking.describe(view, t)));
    if (view.state(writer) != AgentState.COMPLETE) {
      return b.verdict(Decision.Verdict.NOTHING).summary("the test writer " + writer + " did not complete: "
          + Ranking.describe(view, writer)).build();
    }
    List<TaskName> passed = passedInOrder(view);
    b.addAllRanking(passed);
    if (passed.isEmpty()) {
      return b.verdict(Decision.Verdict.NOTHING).summary("no implementer passed " + writer + "'s tests; nothing merged")
          .build();
    }
    TaskName winner = passed.get(0);
    for (TaskName t : view.plan().names()) {
      if (!t.equals(winner)) {
        b.addDiscard(t);
      }
    }
    return b.verdict(Decision.Verdict.MERGE).addMerge(winner).winner(winner)
        .summary(winner + " passed " + writer + "'s tests first; its branch includes the tests").build();
  }
}
