package dev.porch.core.pattern;

import dev.porch.core.AgentState;
import dev.porch.core.TaskName;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The approaches of an exploration side by side, best first (ranked ones, then the rest).
 *
 * @param rows one per approach
 */
public record ExplorationReport(List<Row> rows) {
  public ExplorationReport {
    rows = List.copyOf(rows);
  }

  /**
   * One approach.
   *
   * @param approach its name
   * @param task its task
   * @param state its final state
   * @param passed whether its evaluation passed (empty when not evaluated)
   * @param score its score, or 0
   * @param linesChanged its diff size, or 0
   * @param filesChanged how many files it changed
   * @param summary the agent's summary or error
   */
  public record Row(String approach, TaskName task, AgentState state, Optional<Boolean> passed, double score,
      int linesChanged, int filesChanged, String summary) {
    public Row {
      Objects.requireNonNull(approach, "approach");
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(passed, "passed");
      Objects.requireNonNull(summary, "summary");
    }
  }

  /** A plain-text table, one approach per line. */
  public String table() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-16s %-9s %-6s %6s %6s %5s  %s%n",
        "approach", "state", "tests", "score", "lines", "files", "summary"));
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%-16s %-9s %-6s %6.2f %6d %5d  %s%n", r.approach(), r.state(),
          r.passed().map(p -> p ? "pass" : "fail").orElse("-"), r.score(), r.linesChanged(), r.filesChanged(),
          r.summary()));
    }
    return sb.toString();
  }
}
