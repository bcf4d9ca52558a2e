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
    sandboxCheck(services, profiles, request.agent(), err);
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

  /**
   * Says once, before any agent starts, what the sandbox will not do: strict where there is no
   * sandbox refuses the run; worktree there runs agents unconfined with a warning; no sandbox while
   * the agent's profile turns its own permission prompts off is a warning too.
   */
  static void sandboxCheck(Project services, dev.porch.agent.AgentProfiles profiles, String agent, PrintWriter err) {
    sandboxWarnings(services, profiles, agent).forEach(w -> err.println("porch: warning: " + w));
  }

  /**
   * What {@link #sandboxCheck} says, as lines without the {@code porch: warning:} prefix ({@code porch
   * mcp} returns them with the run's id).
   *
   * @throws dev.porch.core.error.PorchException if the policy is strict and there is no sandbox here
   */
  public static List<String> sandboxWarnings(Project services, dev.porch.agent.AgentProfiles profiles, String agent) {
    dev.porch.core.port.SandboxPolicy policy = services.sandboxPolicy();
    if (policy.confines()) {
      dev.porch.agent.Sandboxes.Availability a = services.sandboxAvailability();
      if (!a.available() && policy == dev.porch.core.port.SandboxPolicy.STRICT) {
        throw new dev.porch.core.error.PorchException("the strict sandbox is not available here: " + a.detail(),
            List.of("run with --sandbox worktree or --sandbox off, or fix what porch doctor says about the sandbox"),
            null);
      }
      return a.available() ? List.of() : List.of("sandbox " + policy.word() + " is not available here ("
          + a.detail() + "): agents run unconfined");
    }
    return profiles.get(agent).flatMap(p -> dev.porch.agent.Sandboxes.permissionSkippingFlag(p.command()))
        .map(flag -> List.of("agent profile '" + agent + "' runs with " + flag
            + " and no sandbox: it can write anywhere you can (--sandbox worktree confines it; see docs/sandbox.md)"))
        .orElse(List.of());
  }
}
