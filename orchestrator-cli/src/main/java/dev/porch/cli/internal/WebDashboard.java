package dev.porch.cli.internal;

import dev.porch.cli.Porch;
import dev.porch.core.review.Review;
import dev.porch.project.Project;
import dev.porch.web.ActionResult;
import dev.porch.web.Dashboard;
import dev.porch.web.DashboardAction;
import dev.porch.web.DashboardActions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Wires the dashboard ({@code porch ui}, {@code porch demo --keep-open}): its actions are porch's own
 * commands run in this process ({@code porch pick}, {@code cancel}, {@code tell}, {@code cleanup},
 * exactly as typed, so a click and the command line share every check and message), and its diffs
 * and comparison come from the review library behind {@code porch diff} and {@code porch compare}.
 */
public final class WebDashboard {
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
        .actions(new CliActions(root, env)).review(review).start();
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
}
