package dev.porch.agent.internal.sandbox;

import dev.porch.core.TaskName;
import dev.porch.core.port.AgentActivity;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * A launcher's handle with an outcome that completes only once the agent's cell is delivered.
 *
 * @param inner the launcher's handle
 * @param outcome the delivering outcome
 */
record DeliveringHandle(AgentHandle inner, CompletableFuture<AgentOutcome> outcome) implements AgentHandle {
  @Override
  public TaskName task() {
    return inner.task();
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
}
