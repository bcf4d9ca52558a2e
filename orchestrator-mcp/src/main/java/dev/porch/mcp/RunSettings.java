package dev.porch.mcp;

import dev.porch.core.TaskName;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a tool call says about a run, before the project's defaults ({@code .porch.json}) are
 * applied: the same choices a pattern command's options make on the command line.
 *
 * @param feature the feature (or, for a follow-up, the task)
 * @param instructions the prompt
 * @param agent the agent profile, or empty for the project's default
 * @param test the test command (a shell line), or empty for the project's
 * @param base the base branch, or empty for the project's, else the current branch
 * @param timeout the time limit per agent, or empty for the project's
 * @param concurrency how many agents at once, or empty for the project's
 * @param review stop after the decision instead of merging
 * @param keep keep the worktrees of discarded agents
 */
public record RunSettings(
    TaskName feature,
    String instructions,
    Optional<String> agent,
    Optional<String> test,
    Optional<String> base,
    Optional<Duration> timeout,
    Optional<Integer> concurrency,
    boolean review,
    boolean keep) {
  public RunSettings {
    Objects.requireNonNull(feature, "feature");
    Objects.requireNonNull(instructions, "instructions");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(concurrency, "concurrency");
  }
}
