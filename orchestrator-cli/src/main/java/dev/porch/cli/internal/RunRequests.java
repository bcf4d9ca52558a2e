package dev.porch.cli.internal;

import dev.porch.core.AgentStatus;
import dev.porch.core.RunOptions;
import dev.porch.core.RunRequest;
import dev.porch.core.TaskName;
import dev.porch.core.port.TestCommand;
import java.time.Duration;
import java.util.Optional;

/**
 * The one way porch's front ends turn a user's choices into a run request, with the project's
 * defaults ({@code .porch.json}) filled in: the pattern commands, {@code launch} and {@code tell} on
 * the command line, and the same tools over MCP.
 */
public final class RunRequests {
  private RunRequests() {}

  /**
   * A pattern run's request.
   *
   * @param services the repository's services
   * @param feature the feature
   * @param instructions the prompt
   * @param agent the agent profile, or null for the project's
   * @param test the test command line, or null/blank for the project's
   * @param base the base branch, or null for the project's, else the current branch
   * @param timeout the time limit per agent, or empty for the project's
   * @param concurrency agents at once, or null for the project's
   * @param review stop after the decision
   * @param keep keep the worktrees of discarded agents
   * @throws UsageException if {@code concurrency} is out of range or the request is refused
   */
  public static RunRequest pattern(Services services, TaskName feature, String instructions, String agent, String test,
      String base, Optional<Duration> timeout, Integer concurrency, boolean review, boolean keep) {
    PorchConfig config = services.config();
    RunOptions.Builder options = RunOptions.builder()
        .mergePolicy(review ? RunOptions.MergePolicy.REVIEW : RunOptions.MergePolicy.AUTO)
        .cleanup(keep ? RunOptions.CleanupPolicy.KEEP : RunOptions.CleanupPolicy.REMOVE_WORKTREES)
        .stagger(Duration.ofMillis(200))
        .progressInterval(Duration.ofSeconds(1))
        .commitLeftovers(config.commitLeftovers());
    if (concurrency != null && (concurrency < 1 || concurrency > 256)) {
      throw Usage.error("--concurrency must be from 1 to 256, got " + concurrency);
    }
    int limit = concurrency != null ? concurrency : config.concurrency();
    if (limit > 0) {
      options.concurrency(limit);
    }
    timeout.or(config::timeout).ifPresent(options::taskTimeout);
    RunRequest.Builder r = RunRequest.builder()
        .feature(feature)
        .instructions(instructions)
        .agent(agent != null ? agent : config.agent())
        .options(options.build())
        // agents commit as the user even when their CLI hides git's global config (Gemini CLI does)
        .putAllEnvironment(services.gitIdentity());
    Optional.ofNullable(base).or(config::base).ifPresent(r::baseBranch);
    testCommand(config, test).ifPresent(r::testCommand);
    return Usage.input(r::build);
  }

  /**
   * A follow-up's request ({@code porch tell}): one task, reviewed, kept.
   *
   * @param status the task's status now (its agent is the default)
   * @param agent the agent profile, or null for the one the task ran with
   * @param test the test command line, or null for the project's
   * @param timeout the time limit, or empty for the project's
   */
  public static RunRequest followUp(Services services, AgentStatus status, String message, String agent, String test,
      Optional<Duration> timeout) {
    PorchConfig config = services.config();
    RunOptions options = RunOptions.builder().followUp(true).concurrency(1)
        .mergePolicy(RunOptions.MergePolicy.REVIEW).cleanup(RunOptions.CleanupPolicy.KEEP)
        .progressInterval(Duration.ofSeconds(1)).build();
    Optional<Duration> taskTimeout = timeout.or(config::timeout);
    if (taskTimeout.isPresent()) {
      options = options.withTaskTimeout(taskTimeout.get());
    }
    RunRequest.Builder r = RunRequest.builder().feature(status.task()).instructions(message)
        .agent(agent != null ? agent : status.agent().orElse(config.agent())).options(options);
    testCommand(config, test).ifPresent(r::testCommand);
    return Usage.input(r::build);
  }

  /** The test command: the given line, else {@code .porch.json}'s. */
  public static Optional<TestCommand> testCommand(PorchConfig config, String test) {
    return Optional.ofNullable(test).filter(t -> !t.isBlank()).map(TestCommand::shellLine).or(config::test);
  }
}
