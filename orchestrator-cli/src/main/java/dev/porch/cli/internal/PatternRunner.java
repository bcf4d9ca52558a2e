package dev.porch.cli.internal;

import dev.porch.core.Decision;
import dev.porch.core.Orchestrator;
import dev.porch.core.RunRequest;
import dev.porch.core.RunResult;
import dev.porch.core.event.EventListener;
import dev.porch.core.pattern.OrchestrationPattern;
import dev.porch.project.Project;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one pattern for a command: wires the orchestrator with the event log and (unless quiet or
 * JSON) the live progress display, waits for the result, prints the report, and says what the exit
 * code is: 0 when the run merged what it decided (or stopped for review as asked), 1 otherwise.
 */
public final class PatternRunner {
  private PatternRunner() {}

  /**
   * Runs {@code pattern}.
   *
   * @param services the command's services
   * @param pattern the pattern
   * @param request the run request
   * @param json print the JSON report instead of text
   * @param quiet print nothing but the result
   * @param terminal whether stderr is a terminal (live redraw)
   * @param style colours
   * @param out results
   * @param err progress
   * @return the exit code
   */
  public static int run(Project services, OrchestrationPattern pattern, RunRequest request, boolean json,
      boolean quiet, boolean terminal, Style style, PrintWriter out, PrintWriter err) {
    return run(services, pattern, request, services.profiles(), json, quiet, terminal, style, out, err);
  }

  /** Like the other {@code run}, with explicit agent profiles (the demo's scripted agents). */
  public static int run(Project services, OrchestrationPattern pattern, RunRequest request,
      dev.porch.agent.AgentProfiles profiles, boolean json, boolean quiet, boolean terminal, Style style,
      PrintWriter out, PrintWriter err) {
    List<EventListener> listeners = new ArrayList<>();
    Progress progress = json || quiet ? null : new Progress(err, style, terminal);
    if (progress != null) {
      listeners.add(progress);
    }
    RunResult result;
    try (var lock = services.lock(); Orchestrator orchestrator = services.orchestrator(listeners, profiles)) {
      result = orchestrator.run(pattern, request);
    } finally {
      if (progress != null) {
        progress.close();
      }
    }
    if (json) {
      JsonOut.print(out, RunReport.json(result));
    } else {
      RunReport.print(result, style, out);
    }
    boolean mergesOk = result.merges().values().stream().allMatch(m -> m.succeeded());
    boolean decided = result.decision().verdict() != Decision.Verdict.NOTHING;
    return mergesOk && decided ? 0 : 1;
  }
}
