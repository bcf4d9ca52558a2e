package dev.porch.agent.internal;

import dev.porch.core.TaskName;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A handle whose outcome is known at once: an agent that could not be started. */
public final class FinishedAgent implements AgentHandle {
  private final AgentOutcome outcome;

  /** @param outcome the outcome */
  public FinishedAgent(AgentOutcome outcome) {
    this.outcome = outcome;
  }

  @Override
  public TaskName task() {
    return outcome.task();
  }

  @Override
  public CompletableFuture<AgentOutcome> outcome() {
    return CompletableFuture.completedFuture(outcome);
  }

  @Override
  public void cancel(String reason) {
    // Nothing runs.
  }

  @Override
  public List<String> logTail(int lines) {
    List<String> all = outcome.logTail();
    return all.subList(Math.max(0, all.size() - Math.max(0, lines)), all.size());
  }
}
