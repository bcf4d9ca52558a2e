package dev.porch.core.pattern;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.Decision;
import dev.porch.core.Plan;
import dev.porch.core.RunRequest;
import dev.porch.core.TaskName;
import dev.porch.core.TaskSpec;
import dev.porch.core.port.Evaluation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** See {@link ExplorationPattern}. */
final class Exploration implements ExplorationPattern {
  private final Map<String, String> approaches;
  private final Optional<String> chosen;

  Exploration(Map<String, String> approaches, Optional<String> chosen) {
    if (approaches.isEmpty()) {
      throw new IllegalArgumentException("an exploration needs at least one approach");
    }
    approaches.forEach((name, prompt) -> {
      TaskName.of(name);
      if (prompt == null || prompt.isBlank()) {
        throw new IllegalArgumentException("approach " + name + " has an empty prompt");
      }
    });
    this.approaches = Collections.unmodifiableMap(new LinkedHashMap<>(approaches));
    if (chosen.isPresent() && !approaches.containsKey(chosen.get())) {
      throw new IllegalArgumentException("cannot choose " + chosen.get() + ": the approaches are " + approaches.keySet());
    }
    this.chosen = chosen;
  }

  @Override
  public String name() {
    return "explore";
  }

  @Override
  public Map<String, String> approaches() {
    return approaches;
  }

  @Override
  public Optional<String> chosen() {
    return chosen;
  }

  @Override
  public ExplorationPattern choose(String approach) {
    return new Exploration(approaches, Optional.of(approach));
  }

  @Override
  public Plan plan(RunRequest request) {
    List<TaskSpec> tasks = new ArrayList<>();
    approaches.forEach((name, prompt) -> tasks.add(TaskSpec.builder().name(request.feature().child(name))
        .role("approach").putAttributes("approach", name)
        .prompt(request.instructions() + "\n\nApproach to take (" + name + "): " + prompt).build()));
    return Plan.of(tasks);
  }

  private TaskName taskOf(RunView view, String approach) {
    return view.request().feature().child(approach);
  }

  @Override
  public ExplorationReport report(RunView view) {
    List<TaskName> order = new ArrayList<>(Ranking.rank(view, view.plan().names()));
    view.plan().names().stream().filter(t -> !order.contains(t)).forEach(order::add);
    List<ExplorationReport.Row> rows = new ArrayList<>();
    for (TaskName t : order) {
      String approach = view.plan().task(t).flatMap(s -> Optional.ofNullable(s.attributes().get("approach")))
          .orElse(t.value());
      Optional<Evaluation> e = view.evaluation(t);
      String summary = view.status(t).flatMap(s -> s.summary().or(s::error)).orElse("");
      rows.add(new ExplorationReport.Row(approach, t, view.state(t), e.map(Evaluation::passed),
          e.map(Evaluation::score).orElse(0.0), e.map(x -> x.diff().lines()).orElse(0),
          e.map(x -> x.filesChanged().size()).orElse(view.status(t).map(AgentStatus::filesChanged).map(List::size).orElse(0)),
          summary));
    }
    return new ExplorationReport(rows);
  }

  @Override
  public Decision decide(RunView view) {
    Decision.Builder b = Decision.builder().addAllRanking(Ranking.rank(view, view.plan().names()));
    view.plan().names().forEach(t -> b.putReasons(t, Ranking.describe(view, t)));
    if (chosen.isEmpty()) {
      return b.verdict(Decision.Verdict.REVIEW)
          .summary("compare the approaches and choose one:\n" + report(view).table()).build();
    }
    TaskName pick = taskOf(view, chosen.get());
    if (view.state(pick) != AgentState.COMPLETE) {
      return b.verdict(Decision.Verdict.NOTHING).summary("the chosen approach " + chosen.get() + " is "
          + view.state(pick) + "; nothing merged").build();
    }
    view.plan().names().stream().filter(t -> !t.equals(pick)).forEach(b::addDiscard);
    return b.verdict(Decision.Verdict.MERGE).addMerge(pick).winner(pick)
        .summary("merge the chosen approach " + chosen.get()).build();
  }
}
