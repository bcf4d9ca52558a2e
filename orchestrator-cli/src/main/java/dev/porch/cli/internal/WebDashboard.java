package dev.porch.cli.internal;

import dev.porch.cli.Porch;
import dev.porch.core.AgentState;
import dev.porch.core.TaskName;
import dev.porch.core.port.TestResult;
import dev.porch.core.review.Review;
import dev.porch.core.review.TaskDiff;
import dev.porch.project.Project;
import dev.porch.web.ActionResult;
import dev.porch.web.Dashboard;
import dev.porch.web.DashboardAction;
import dev.porch.web.DashboardActions;
import dev.porch.web.DashboardReview;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Wires the dashboard ({@code porch ui}, {@code porch demo --keep-open}): its actions are porch's own
 * commands run in this process ({@code porch pick}, {@code cancel}, {@code tell}, {@code cleanup},
 * exactly as typed, so a click and the command line share every check and message), and its diffs
 * and comparison come from the review library behind {@code porch diff} and {@code porch compare}.
 */
public final class WebDashboard {
  /** How many files of one task get their patch rendered; beyond that only their counts. */
  private static final int MAX_PATCHED_FILES = 200;

  private WebDashboard() {}

  /**
   * Starts the dashboard of the repository {@code services} works in.
   *
   * @param services the CLI's wiring (its status store and workspaces)
   * @param port the port, 0 for a free one
   * @param env the environment the actions run with
   * @return the running dashboard
   */
  public static Dashboard start(Project services, int port, Map<String, String> env) {
    Path root = services.root();
    Review review = Review.builder().workspaces(services.workspaceProvider()).statusStore(services.statusStore())
        .clock(services.clock()).listener(dev.porch.status.StatusFiles.eventLog(root)).build();
    return Dashboard.builder(root).statusStore(services.statusStore()).port(port)
        .actions(new CliActions(root, env)).review(new ReviewPages(review)).start();
  }

  /** Runs the matching porch command in process and hands back what it said. */
  static final class CliActions implements DashboardActions {
    private final Path root;
    private final Map<String, String> env;

    CliActions(Path root, Map<String, String> env) {
      this.root = root;
      this.env = Map.copyOf(env);
    }

    static List<String> arguments(DashboardAction action) {
      String t = action.target().value();
      if (action instanceof DashboardAction.Tell tell) {
        return List.of("tell", t, "--", tell.message());
      }
      return List.of(action.verb(), t);
    }

    @Override
    public ActionResult perform(DashboardAction action) {
      List<String> args = new ArrayList<>(List.of("-C", root.toString(), "--color", "never"));
      args.addAll(arguments(action));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Porch.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err), env, root);
      String said = (err.toString() + out).strip();
      return code == 0 ? ActionResult.done(said) : ActionResult.refused(said.isEmpty() ? "exit " + code : said);
    }
  }

  /** The review library seen as the dashboard's {@link DashboardReview}. */
  static final class ReviewPages implements DashboardReview {
    private final Review review;

    ReviewPages(Review review) {
      this.review = review;
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
}
