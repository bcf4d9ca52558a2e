package dev.porch.core.pattern;

import java.util.Map;
import java.util.Optional;

/**
 * The seed's Pattern 4, exploration sprint: one agent per named approach ({@code
 * <feature>-<approach>}), each with its own prompt. Without a choice the decision is REVIEW, with
 * the approaches ranked and a side-by-side {@link ExplorationReport}; once a person has chosen,
 * {@code choose("sse")} merges that approach only (resume the same run to merge without running the
 * agents again).
 *
 * <pre>{@code
 * ExplorationPattern p = Patterns.explore(Map.of("sse", "Use server-sent events", "ws", "Use WebSockets"));
 * RunResult r = orchestrator.run(p, request);                 // REVIEW
 * orchestrator.resume(r.runId(), p.choose("sse"), request);   // merges feature-sse
 * }</pre>
 */
public interface ExplorationPattern extends OrchestrationPattern {
  /** The approaches and their prompts, in order. */
  Map<String, String> approaches();

  /** The approach to merge, once chosen. */
  Optional<String> chosen();

  /**
   * The same pattern, merging {@code approach}.
   *
   * @throws IllegalArgumentException if it is not one of {@link #approaches()}
   */
  ExplorationPattern choose(String approach);

  /** The approaches side by side, best first. */
  ExplorationReport report(RunView view);
}
