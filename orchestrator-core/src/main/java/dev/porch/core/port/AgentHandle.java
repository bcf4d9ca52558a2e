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

  /**
   * {@code inner} with another outcome, for a launcher decorator that does work of its own once the
   * agent ends (carrying a sandbox's output out, counting, timing) before the engine hears of it:
   * everything but the outcome is {@code inner}'s.
   *
   * <pre>{@code
   * AgentHandle h = launcher.launch(request);
   * return AgentHandle.withOutcome(h, h.outcome().whenComplete((o, e) -> ended(request.task())));
   * }</pre>
   *
   * @param inner the decorated launcher's handle
   * @param outcome the outcome the engine should wait on; it must never complete exceptionally
   * @return the handle
   */
  static AgentHandle withOutcome(AgentHandle inner, CompletableFuture<AgentOutcome> outcome) {
    java.util.Objects.requireNonNull(inner, "inner");
    java.util.Objects.requireNonNull(outcome, "outcome");
    return new AgentHandle() {
      @Override
      public TaskName task() {
        return inner.task();
      }

      @Override
      public CompletableFuture<AgentOutcome> outcome() {
        return outcome;
      }

      @Override
      public void cancel(String reason) {
        inner.cancel(reason);
      }

      @Override
      public OptionalLong pid() {
        return inner.pid();
      }

      @Override
      public Optional<Instant> processStarted() {
        return inner.processStarted();
      }

      @Override
      public List<String> logTail(int lines) {
        return inner.logTail(lines);
      }

      @Override
      public Optional<AgentActivity> activity() {
        return inner.activity();
      }
    };
  }
}
