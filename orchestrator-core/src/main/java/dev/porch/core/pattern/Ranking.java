package dev.porch.core.pattern;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.port.Evaluation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The order the built-ins rank finished work in: passing tests first, then higher score, then the
 * smaller diff, then the earlier completion, then the name.
 */
final class Ranking {
  private Ranking() {}

  /** The COMPLETE, evaluated tasks among {@code tasks}, best first. */
  static List<TaskName> rank(RunView view, List<TaskName> tasks) {
    List<TaskName> out = new ArrayList<>();
    for (TaskName t : tasks) {
      if (view.state(t) == AgentState.COMPLETE && view.evaluation(t).isPresent()) {
        out.add(t);
      }
    }
    Comparator<TaskName> byWork = Comparator.comparing(t -> view.evaluation(t).get().broughtNothing());
    Comparator<TaskName> byPass = Comparator.comparing(t -> !view.evaluation(t).get().passed());
    Comparator<TaskName> byScore = Comparator.comparingDouble(t -> -view.evaluation(t).get().score());
    Comparator<TaskName> byDiff = Comparator.comparingInt(t -> view.evaluation(t).get().diff().lines());
    Comparator<TaskName> byTime = Comparator.comparing(
        t -> view.status(t).flatMap(AgentStatus::completed).orElse(Instant.MAX));
    out.sort(byWork.thenComparing(byPass).thenComparing(byScore).thenComparing(byDiff).thenComparing(byTime)
        .thenComparing(Comparator.naturalOrder()));
    return out;
  }

  /** The passing ones among {@link #rank} that have commits to merge (see {@link RunView#passed}). */
  static List<TaskName> passing(RunView view, List<TaskName> tasks) {
    return rank(view, tasks).stream().filter(view::passed).toList();
  }

  /** The COMPLETE, evaluated tasks among {@code tasks} whose branch has no commits beyond its base. */
  static List<TaskName> empty(RunView view, List<TaskName> tasks) {
    return rank(view, tasks).stream().filter(t -> view.evaluation(t).get().broughtNothing()).toList();
  }

  /** One line on a task's result, e.g. {@code tests pass, score 0.90, 12 lines changed}. */
  static String describe(RunView view, TaskName t) {
    if (view.state(t) != AgentState.COMPLETE) {
      return view.state(t) + view.status(t).flatMap(AgentStatus::error).map(e -> ": " + e).orElse("");
    }
    if (view.evaluation(t).isEmpty()) {
      return "COMPLETE, not evaluated";
    }
    Evaluation e = view.evaluation(t).get();
    if (e.broughtNothing()) {
      return "no commits beyond its base: nothing to merge";
    }
    String tests = !e.tested() ? "no tests" : e.passed() ? "tests pass" : "tests fail";
    return tests + ", score " + String.format(Locale.ROOT, "%.2f", e.score()) + ", " + e.diff().lines()
        + " lines changed";
  }
}
