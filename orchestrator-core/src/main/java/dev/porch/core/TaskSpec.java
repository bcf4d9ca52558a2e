package dev.porch.core;

import dev.porch.core.error.InvalidPlanException;
import dev.porch.core.port.TestCommand;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * One task of a {@link Plan}: what one agent is asked to do, where it starts, and what it waits for.
 *
 * <pre>{@code
 * TaskSpec api = TaskSpec.builder().name(TaskName.of("shop-api")).prompt("Build the REST API").build();
 * TaskSpec ui = TaskSpec.builder().name(TaskName.of("shop-ui")).prompt("Build the UI")
 *     .addDependsOn(api.name()).startFrom(api.name()).build();
 * }</pre>
 */
@Value.Immutable
public abstract class TaskSpec {
  TaskSpec() {}

  /** The task's name: its worktree, status file and branch derive from it. */
  public abstract TaskName name();

  /** The instructions for the agent (the template's "Instructions" part). */
  public abstract String prompt();

  /** The task's role in its pattern, e.g. {@code implementer}, {@code test-writer}. */
  public abstract Optional<String> role();

  /** Tasks that must be COMPLETE before this one starts. */
  public abstract Set<TaskName> dependsOn();

  /**
   * A dependency whose branch this task's workspace starts from (instead of the run's base), so
   * it sees that task's work. Must be one of {@link #dependsOn()}.
   */
  public abstract Optional<TaskName> startFrom();

  /** An explicit base branch for this task, overriding the run's base. */
  public abstract Optional<String> base();

  /** The agent profile for this task, overriding the run's. */
  public abstract Optional<String> agent();

  /** A timeout for this task, overriding the run's. */
  public abstract Optional<Duration> timeout();

  /** A test command for this task, overriding the run's (test-first uses the writer's tests). */
  public abstract Optional<TestCommand> testCommand();

  /** Free-form settings for custom patterns; porch ignores them. */
  public abstract Map<String, String> attributes();

  @Value.Check
  protected void check() {
    if (prompt().isBlank()) {
      throw new IllegalArgumentException("task " + name() + " has an empty prompt");
    }
    if (dependsOn().contains(name())) {
      throw new InvalidPlanException("task " + name() + " depends on itself");
    }
    if (startFrom().isPresent() && !dependsOn().contains(startFrom().get())) {
      throw new InvalidPlanException(
          "task " + name() + " starts from " + startFrom().get() + " but does not depend on it; add it to dependsOn");
    }
    if (timeout().isPresent() && (timeout().get().isNegative() || timeout().get().isZero())) {
      throw new IllegalArgumentException("task " + name() + " has a timeout of " + timeout().get() + "; it must be positive");
    }
  }

  /** A new builder; {@code name} and {@code prompt} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A task with just a name and a prompt. */
  public static TaskSpec of(TaskName name, String prompt) {
    return builder().name(name).prompt(prompt).build();
  }

  public abstract TaskSpec withPrompt(String prompt);

  public abstract TaskSpec withTestCommand(TestCommand command);

  public abstract TaskSpec withAgent(String agent);

  public abstract TaskSpec withTimeout(Duration timeout);

  public abstract TaskSpec withRole(String role);

  public abstract TaskSpec withBase(String base);

  /** Builder; each attribute may be set once. */
  public static final class Builder extends ImmutableTaskSpec.Builder {
    Builder() {}
  }
}
