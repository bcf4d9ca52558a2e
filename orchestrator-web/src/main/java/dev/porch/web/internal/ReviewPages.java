package dev.porch.web.internal;

import dev.porch.core.AgentState;
import dev.porch.core.TaskName;
import dev.porch.core.port.TestResult;
import dev.porch.core.review.Review;
import dev.porch.core.review.TaskDiff;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Core's {@link Review} seen as the dashboard's {@link DashboardReview}: the library behind {@code porch diff}. */
public final class ReviewPages implements DashboardReview {
  /** How many files of one task get their patch rendered; beyond that only their counts. */
  private static final int MAX_PATCHED_FILES = 200;

  private final Review review;

  /**
   * Reads diffs and comparisons from {@code review}.
   *
   * @param review the review library, over the embedder's workspaces and status store
   */
  public ReviewPages(Review review) {
    this.review = Objects.requireNonNull(review, "review");
  }

  @Override
  public List<DashboardReview.FileDiff> diff(TaskName task) {
    TaskDiff d = review.diff(task);
    List<DashboardReview.FileDiff> files = new ArrayList<>();
    for (dev.porch.core.port.FileDiff f : d.files()) {
      String patch = files.size() < MAX_PATCHED_FILES && !f.binary() ? review.patch(task, List.of(f.path()), false) : "";
      files.add(new DashboardReview.FileDiff(f.path(), String.valueOf(f.kind().letter()),
          f.binary() ? -1 : f.additions(), f.binary() ? -1 : f.deletions(), patch));
    }
    return files;
  }

  @Override
  public DashboardReview.Comparison compare(List<TaskName> tasks) {
    dev.porch.core.review.Comparison c = review.compare(tasks);
    List<DashboardReview.Column> columns = c.attempts().stream().map(ReviewPages::column).toList();
    List<DashboardReview.Row> rows = c.rows().stream().map(r -> new DashboardReview.Row(r.path(),
        r.cells().stream().map(cell -> cell.map(f -> f.binary() ? new DashboardReview.Cell(-1, -1)
            : new DashboardReview.Cell(f.additions(), f.deletions()))).toList())).toList();
    return new DashboardReview.Comparison(columns, rows);
  }

  private static DashboardReview.Column column(dev.porch.core.review.Comparison.Attempt a) {
    int add = a.diff().map(TaskDiff::additions).orElse(0);
    int del = a.diff().map(TaskDiff::deletions).orElse(0);
    Optional<String> summary = a.state() == AgentState.FAILED ? a.error().or(a::summary) : a.summary().or(a::problem);
    return new DashboardReview.Column(a.task(), a.state().name(), add, del, a.tests().map(ReviewPages::words),
        a.score(), summary);
  }

  static String words(TestResult t) {
    String w = t.timedOut() ? "timed out" : t.passed() ? "passed" : "failed";
    return t.hasCounts() ? w + " " + t.passedCount() + "/" + (t.passedCount() + t.failedCount()) : w;
  }
}
