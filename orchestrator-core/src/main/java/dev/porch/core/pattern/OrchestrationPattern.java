package dev.porch.core.pattern;

import dev.porch.core.Decision;
import dev.porch.core.Plan;
import dev.porch.core.RunRequest;
import dev.porch.core.error.InvalidPlanException;
import dev.porch.core.event.OrchestrationEvent;
import java.util.List;

/**
 * A strategy for one run: turns a request into a {@link Plan}, reacts to progress, and turns
 * results into a {@link Decision}. Patterns decide; the engine acts: a pattern never calls a port
 * (git, processes, files). Built-ins come from {@code dev.porch.core.pattern.Patterns}; a custom
 * pattern implements the three abstract methods.
 *
 * <p><b>Threads.</b> The engine calls a pattern from its own threads, one call at a time per run.
 * An exception from {@link #plan} is reported to the caller of {@code start}; one from {@link
 * #onProgress} is reported as a {@link OrchestrationEvent.Problem} and ignored; one from {@link
 * #decide} makes the decision {@link Decision.Verdict#NOTHING}, with a Problem event.
 *
 * <pre>{@code
 * final class FirstComplete implements OrchestrationPattern {
 *   public String name() { return "first-complete"; }
 *   public Plan plan(RunRequest r) {
 *     return Plan.of(List.of(TaskSpec.of(r.feature().indexed(1), r.instructions()),
 *                            TaskSpec.of(r.feature().indexed(2), r.instructions())));
 *   }
 *   public List<PatternAction> onProgress(RunView v) {
 *     return v.tasksIn(AgentState.COMPLETE).isEmpty() ? List.of() : List.of(PatternAction.decideNow("one is done"));
 *   }
 *   public Decision decide(RunView v) {
 *     List<TaskName> done = v.tasksIn(AgentState.COMPLETE);
 *     return done.isEmpty() ? Decision.nothing("none finished")
 *         : Decision.builder().verdict(Decision.Verdict.MERGE).addMerge(done.get(0)).summary("first done").build();
 *   }
 * }
 * }</pre>
 */
public interface OrchestrationPattern {
  /** A short name for status files and events, e.g. {@code competitive}. */
  String name();

  /**
   * The tasks to run for {@code request}.
   *
   * @param request what was asked
   * @return the plan
   * @throws InvalidPlanException or IllegalArgumentException when the request does not suit this
   *     pattern (say why)
   */
  Plan plan(RunRequest request);

  /**
   * Called after every state change and evaluation; may stop tasks or ask for an early decision.
   * The default does nothing.
   *
   * @param view the run so far
   * @return actions, possibly none
   */
  default List<PatternAction> onProgress(RunView view) {
    return List.of();
  }

  /**
   * The verdict, once every task is final (or stopped early at the pattern's request). Tasks it
   * names must be COMPLETE to be merged.
   *
   * @param view the run's final state
   * @return the decision
   */
  Decision decide(RunView view);
}
