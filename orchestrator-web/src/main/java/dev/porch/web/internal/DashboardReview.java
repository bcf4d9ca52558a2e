package dev.porch.web.internal;

import dev.porch.core.TaskName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the dashboard shows of the attempts' work, their diffs and the comparison table, in the
 * shape its pages draw. {@link ReviewPages} reads it from core's {@code Review} (the same calls as
 * {@code porch diff} and {@code porch compare}), so the browser and the terminal show the same
 * numbers; {@link #none()} when the embedder gave no review.
 *
 * <p><b>Threads.</b> Called from request threads, possibly at once; may block (it runs git).
 *
 * <p><b>Errors.</b> A task without a worktree or branch gives an empty diff; an exception is shown
 * on the page as the message it carries.
 */
public interface DashboardReview {
  /**
   * The task's branch against its base, file by file.
   *
   * @param task the task
   * @return the files, in path order
   */
  List<FileDiff> diff(TaskName task);

  /**
   * The comparison of attempts: a row per file any of them touched, a column per attempt.
   *
   * @param tasks the attempts; empty means the default ({@code porch compare} without arguments)
   * @return the table
   */
  Comparison compare(List<TaskName> tasks);

  /** A review that has nothing to show (an embedder that gave the dashboard no review). */
  static DashboardReview none() {
    return new DashboardReview() {
      @Override
      public List<FileDiff> diff(TaskName task) {
        return List.of();
      }

      @Override
      public Comparison compare(List<TaskName> tasks) {
        return new Comparison(List.of(), List.of());
      }
    };
  }

  /**
   * One file of a diff.
   *
   * @param path the file's path (the new one, for a rename)
   * @param change git's letter: A, M, D, R, ...
   * @param additions lines added, -1 for a binary file
   * @param deletions lines deleted, -1 for a binary file
   * @param patch git's unified diff of this file (headers and hunks), may be empty
   */
  record FileDiff(String path, String change, int additions, int deletions, String patch) {
    public FileDiff {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(change, "change");
      Objects.requireNonNull(patch, "patch");
    }
  }

  /**
   * The comparison table.
   *
   * @param columns one per attempt, in order
   * @param rows one per file any attempt touched, in path order
   */
  record Comparison(List<Column> columns, List<Row> rows) {
    public Comparison {
      columns = List.copyOf(columns);
      rows = List.copyOf(rows);
    }
  }

  /**
   * One attempt's column: its totals and how it was judged.
   *
   * @param task the attempt
   * @param state its state, e.g. COMPLETE
   * @param additions lines added in all files
   * @param deletions lines deleted in all files
   * @param tests the test verdict in words (e.g. "passed 12/12"), if judged
   * @param score its score, if judged
   * @param summary its summary, if any
   */
  record Column(TaskName task, String state, int additions, int deletions, Optional<String> tests,
      OptionalDouble score, Optional<String> summary) {
    public Column {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(tests, "tests");
      Objects.requireNonNull(score, "score");
      Objects.requireNonNull(summary, "summary");
    }
  }

  /**
   * One file's row.
   *
   * @param path the file
   * @param cells one per column, in the columns' order; empty where that attempt left the file alone
   */
  record Row(String path, List<Optional<Cell>> cells) {
    public Row {
      Objects.requireNonNull(path, "path");
      cells = List.copyOf(cells);
    }
  }

  /**
   * One attempt's change to one file.
   *
   * @param additions lines added (-1 for binary)
   * @param deletions lines deleted (-1 for binary)
   */
  record Cell(int additions, int deletions) {}
}
