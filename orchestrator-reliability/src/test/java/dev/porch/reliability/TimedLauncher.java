package dev.porch.reliability;

import dev.porch.core.AgentHandle;
import dev.porch.core.AgentLauncher;
import dev.porch.core.AgentRequest;
import dev.porch.core.TaskName;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link AgentLauncher} in front of another that notes, per task, how long {@code launch} took
 * and when the handle's outcome completed: this splits porch's time between the agent adapter and
 * the engine.
 */
final class TimedLauncher implements AgentLauncher {
  private final AgentLauncher inner;
  final Map<TaskName, Double> launchMillis = new ConcurrentHashMap<>();
  final Map<TaskName, Instant> outcomeAt = new ConcurrentHashMap<>();

  TimedLauncher(AgentLauncher inner) {
    this.inner = inner;
  }

  @Override
  public AgentHandle launch(AgentRequest request) {
    long t0 = System.nanoTime();
    AgentHandle h = inner.launch(request);
    launchMillis.put(request.task(), (System.nanoTime() - t0) / 1e6);
    h.outcome().whenComplete((o, e) -> outcomeAt.put(request.task(), Instant.now()));
    return h;
  }
}
