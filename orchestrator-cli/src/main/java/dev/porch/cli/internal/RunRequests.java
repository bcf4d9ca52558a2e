package dev.porch.cli.internal;

import dev.porch.core.AgentStatus;
import dev.porch.core.RunOptions;
import dev.porch.core.RunRequest;
import dev.porch.core.TaskName;
import dev.porch.core.port.TestCommand;
import dev.porch.project.Project;
import java.time.Duration;
import java.util.Optional;

/**
 * The one way porch's front ends turn a user's choices into a run request on top of the project's
 * ({@link Project#request}): the pattern commands, {@code launch} and {@code tell} on the command
 * line, and the same tools over MCP ({@code porch mcp}).
 */
public final class RunRequests {
  private RunRequests() {}

  /**
   * A pattern run's request: the project's, with these choices.
   *
   * @param agent the agent profile, or null for the project's
   * @param test the test command line, or null/blank for the project's
   * @param base the base branch, or null for the project's
   * @param timeout the time limit per agent, or empty for the project's
   * @param concurrency agents at once, or null for the project's
   * @param review stop after the decision
   * @param keep keep the worktrees of discarded agents
   * @throws UsageException if {@code concurrency} is out of range or the request is refused
   */
  public static RunRequest pattern(Project project, TaskName feature, String instructions, String agent, String test,
      String base, Optional<Duration> timeout, Integer concurrency, boolean review, boolean keep) {
    if (concurrency != null && (concurrency < 1 || concurrency > 256)) {
      throw Usage.error("--concurrency must be from 1 to 256, got " + concurrency);
    }
    return Usage.input(() -> {
      RunRequest r = project.request(feature, instructions);
      RunOptions o = r.options()
          .withMergePolicy(review ? RunOptions.MergePolicy.REVIEW : RunOptions.MergePolicy.AUTO)
          .withCleanup(keep ? RunOptions.CleanupPolicy.KEEP : RunOptions.CleanupPolicy.REMOVE_WORKTREES);
      if (concurrency != null) {
        o = o.withConcurrency(concurrency);
      }
      if (timeout.isPresent()) {
        o = o.withTaskTimeout(timeout.get());
      }
      r = r.withOptions(o);
      if (agent != null) {
        r = r.withAgent(agent);
      }
      if (base != null) {
        r = r.withBaseBranch(base);
      }
      if (test != null && !test.isBlank()) {
        r = r.withTestCommand(TestCommand.shellLine(test));
      }
      return r;
    });
  }

  /**
   * A follow-up's request ({@code porch tell}): one task, reviewed, kept.
   *
   * @param status the task's status now (its agent is the default)
   * @param agent the agent profile, or null for the one the task ran with
   * @param test the test command line, or null for the project's
   * @param timeout the time limit, or empty for the project's
   */
  public static RunRequest followUp(Project project, AgentStatus status, String message, String agent, String test,
      Optional<Duration> timeout) {
    var config = project.config();
    RunOptions options = RunOptions.builder().followUp(true).concurrency(1)
        .mergePolicy(RunOptions.MergePolicy.REVIEW).cleanup(RunOptions.CleanupPolicy.KEEP)
        .progressInterval(Project.PROGRESS_INTERVAL).build();
    Optional<Duration> taskTimeout = timeout.or(config::timeout);
    if (taskTimeout.isPresent()) {
      options = options.withTaskTimeout(taskTimeout.get());
    }
    RunRequest.Builder r = RunRequest.builder().feature(status.task()).instructions(message)
        .agent(agent != null ? agent : status.agent().orElse(config.agent())).options(options);
    Optional.ofNullable(test).filter(t -> !t.isBlank()).map(TestCommand::shellLine).or(config::test)
        .ifPresent(r::testCommand);
    return Usage.input(r::build);
  }
}
