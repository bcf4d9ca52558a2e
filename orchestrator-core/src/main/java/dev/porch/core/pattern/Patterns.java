package dev.porch.core.pattern;

import dev.porch.core.TaskSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in patterns. Each returns an immutable pattern; options return new ones.
 *
 * <pre>{@code
 * orchestrator.run(Patterns.competitive(3), request);
 * orchestrator.run(Patterns.divide(List.of(Part.of("api", "REST API"), Part.of("ui", "UI").dependsOn("api"))), request);
 * orchestrator.run(Patterns.testFirst(2), request.withTestCommand(TestCommand.of("npm", "test")));
 * }</pre>
 */
public final class Patterns {
  private Patterns() {}

  /**
   * N agents, same prompt; the best passing one is merged.
   *
   * @param agents 2 or more
   * @throws IllegalArgumentException if fewer than 2
   */
  public static CompetitivePattern competitive(int agents) {
    return new Competitive(agents, false);
  }

  /**
   * One agent per part; every COMPLETE part is merged in dependency order.
   *
   * @param parts at least one, unique names, dependencies among themselves
   * @throws IllegalArgumentException if empty, a name repeats or a dependency is unknown
   */
  public static OrchestrationPattern divide(List<Part> parts) {
    return new DivideAndConquer(parts);
  }

  /**
   * A test writer, then implementers starting from its branch; the first to pass wins. The request
   * needs a test command (checked when planning).
   *
   * @param implementers 1 or more
   * @throws IllegalArgumentException if fewer than 1
   */
  public static OrchestrationPattern testFirst(int implementers) {
    return new TestFirst(implementers);
  }

  /**
   * One agent per approach, ranked for review; merges only a chosen one.
   *
   * @param approaches approach name (a task-name suffix) to prompt, in the map's iteration order
   *     (pass a LinkedHashMap to control it)
   * @throws IllegalArgumentException if empty or a prompt is blank
   * @throws dev.porch.core.error.InvalidTaskNameException if an approach name is not a valid task name
   */
  public static ExplorationPattern explore(Map<String, String> approaches) {
    return new Exploration(approaches, Optional.empty());
  }

  /**
   * N agents, same high-risk change; merged only if at least K pass the tests, then the best. The
   * request needs a test command (checked when planning).
   *
   * @param agents N, 2 or more
   * @param mustPass K, from 1 to N
   * @throws IllegalArgumentException if out of range
   */
  public static OrchestrationPattern safetyNet(int agents, int mustPass) {
    return new SafetyNet(agents, mustPass);
  }

  /**
   * Runs agents on exactly these tasks and decides REVIEW: no merge. For {@code porch launch} in
   * workspaces made earlier, run it with {@code RunOptions.withReuseExistingWorkspaces(true)}.
   *
   * @param tasks the tasks
   * @throws dev.porch.core.error.InvalidPlanException if they do not form a valid plan
   */
  public static OrchestrationPattern manual(List<TaskSpec> tasks) {
    return new Manual(tasks);
  }
}
