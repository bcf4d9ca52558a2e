package dev.porch.core.port;

import dev.porch.core.TaskName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * A running agent, returned by {@link AgentLauncher#launch}. Thread-safe: any thread may query or
 * cancel it.
 */
public interface AgentHandle {
  /** The task the agent works on. */
  TaskName task();

  /**
   * Completes once the agent has ended, for any reason; never completes exceptionally (a failure to
   * run is an outcome of kind {@link AgentOutcome.Kind#FAILED_TO_START}).
   */
  CompletableFuture<AgentOutcome> outcome();

  /**
   * Stops the agent: politely first, then forcibly after the launcher's grace period, including any
   * processes it started. The outcome becomes {@link AgentOutcome.Kind#CANCELLED} with {@code
   * reason}, unless the agent had already ended. Idempotent; does not block.
   *
   * @param reason why, for status files and events
   */
  void cancel(String reason);

  /** The agent's process id, for launchers that run local processes. */
  default OptionalLong pid() {
    return OptionalLong.empty();
  }

  /** When the agent's process started, to recognise it later by pid and start time. */
  default Optional<Instant> processStarted() {
    return Optional.empty();
  }

  /**
   * The last lines of the agent's output.
   *
   * @param lines how many, at most
   * @return up to {@code lines} lines, oldest first
   */
  default List<String> logTail(int lines) {
    return List.of();
  }

  /**
   * What the agent is doing now, read from its CLI's machine-readable output: session, current
   * step, last message, tokens and cost. Empty for launchers or profiles that cannot tell.
   * Cheap and non-blocking; the engine polls it with its progress interval.
   */
  default Optional<AgentActivity> activity() {
    return Optional.empty();
  }
}
