package dev.porch.core;

import dev.porch.core.port.TestCommand;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What to run: a feature name (tasks are named after it), the instructions every agent gets unless
 * its pattern says otherwise, the agent profile, the base branch, an optional test command and the
 * {@link RunOptions}.
 *
 * <pre>{@code
 * RunRequest r = RunRequest.builder().feature(TaskName.of("auth")).instructions("Add a login form")
 *     .agent("claude").testCommand(TestCommand.of("mvn", "-q", "test")).build();
 * }</pre>
 */
@Value.Immutable
public abstract class RunRequest {
  RunRequest() {}

  /** The feature: tasks are called {@code <feature>-1}, {@code <feature>-api}, ... */
  public abstract TaskName feature();

  /** The instructions (prompt) for the agents. */
  public abstract String instructions();

  /** The agent profile, e.g. {@code claude}, {@code codex}, {@code custom}. Default {@code claude}. */
  @Value.Default
  public String agent() {
    return "claude";
  }

  /** The branch workspaces start from. Default: the branch checked out in the main worktree. */
  public abstract Optional<String> baseBranch();

  /** The command that judges a workspace; some patterns require one. */
  public abstract Optional<TestCommand> testCommand();

  /** Extra environment for every agent. */
  public abstract Map<String, String> environment();

  /** How to run it. */
  @Value.Default
  public RunOptions options() {
    return RunOptions.defaults();
  }

  @Value.Check
  protected void check() {
    if (instructions().isBlank()) {
      throw new IllegalArgumentException("the instructions for " + feature() + " are empty; say what the agents should do");
    }
    if (agent().isBlank()) {
      throw new IllegalArgumentException("the agent profile is blank; name one, e.g. claude");
    }
  }

  /** A request with defaults for everything but the feature and instructions. */
  public static RunRequest of(TaskName feature, String instructions) {
    return builder().feature(feature).instructions(instructions).build();
  }

  public abstract RunRequest withInstructions(String instructions);

  public abstract RunRequest withAgent(String agent);

  public abstract RunRequest withBaseBranch(String base);

  public abstract RunRequest withTestCommand(TestCommand command);

  public abstract RunRequest withOptions(RunOptions options);

  public static Builder builder() {
    return new Builder();
  }

  /** Builder; each attribute may be set once. */
  public static final class Builder extends ImmutableRunRequest.Builder {
    Builder() {}
  }
}
