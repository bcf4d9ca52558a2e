package dev.porch.core.review;

import dev.porch.core.AgentState;
import dev.porch.core.port.FileDiff;
import dev.porch.core.TaskName;
import dev.porch.core.port.TestResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * N attempts side by side: one {@link Row} per file any attempt touched (sorted by path), one cell
 * per attempt in the order of {@link #attempts()}, then each attempt's totals, tests, score, summary
 * and state.
 *
 * @param attempts the attempts compared, in the order asked (or task order for a run)
 * @param rows one per file touched by any attempt, sorted by path
 */
public record Comparison(List<Attempt> attempts, List<Row> rows) {
  public Comparison {
    attempts = List.copyOf(attempts);
    rows = List.copyOf(rows);
    for (Row r : rows) {
      if (r.cells().size() != attempts.size()) {
        throw new IllegalArgumentException("row " + r.path() + " has " + r.cells().size() + " cells for "
            + attempts.size() + " attempts");
      }
    }
  }

  /**
   * One attempt (task) of the comparison.
   *
   * @param task the task
   * @param state its state now
   * @param branch its branch
   * @param run the run it belongs to, if it was started by a run
   * @param diff its diff against its base, or empty when it cannot be computed (see {@code problem})
   * @param tests the test result its evaluation recorded
   * @param score the evaluation's score; higher is better
   * @param summary the agent's summary
   * @param error why it failed or is blocked
   * @param problem why the diff is missing (branch deleted, no base recorded ...), for people
   */
  public record Attempt(TaskName task, AgentState state, String branch, Optional<String> run, Optional<TaskDiff> diff,
      Optional<TestResult> tests, OptionalDouble score, Optional<String> summary, Optional<String> error,
      Optional<String> problem) {
    public Attempt {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(branch, "branch");
      Objects.requireNonNull(run, "run");
      Objects.requireNonNull(diff, "diff");
      Objects.requireNonNull(tests, "tests");
      Objects.requireNonNull(score, "score");
      Objects.requireNonNull(summary, "summary");
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(problem, "problem");
    }
  }

  /**
   * One file: what each attempt did to it.
   *
   * @param path the path (after a rename)
   * @param cells per attempt, in the order of {@link Comparison#attempts()}: its change to this file,
   *     or empty when that attempt did not touch it
   */
  public record Row(String path, List<Optional<FileDiff>> cells) {
    public Row {
      Objects.requireNonNull(path, "path");
      cells = List.copyOf(cells);
    }
  }
}
