package dev.porch.reliability;

import dev.porch.core.TaskName;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.AgentRequest;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link AgentLauncher} in front of another that notes, per task, how long {@code launch} took
 * and when the handle's outcome completed: this splits porch's time between the agent adapter and
 * the engine; and how many agents were in flight at once (launch called, outcome not yet complete).
 */
final class TimedLauncher implements AgentLauncher {
  private final AgentLauncher inner;
  final Map<TaskName, Double> launchMillis = new ConcurrentHashMap<>();
  final Map<TaskName, Instant> outcomeAt = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  /** The most agents at once between the start of their launch and the completion of their outcome. */
  final AtomicInteger peakInFlight = new AtomicInteger();

  TimedLauncher(AgentLauncher inner) {
    this.inner = inner;
  }

  @Override
  public AgentHandle launch(AgentRequest request) {
    long t0 = System.nanoTime();
    peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    AgentHandle h;
    try {
      h = inner.launch(request);
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      throw e;
    }
    launchMillis.put(request.task(), (System.nanoTime() - t0) / 1e6);
    // The engine sees the outcome only after it is counted here, so the count never lags the engine.
    CompletableFuture<AgentOutcome> counted = h.outcome().whenComplete((o, e) -> {
      outcomeAt.put(request.task(), Instant.now());
      inFlight.decrementAndGet();
    });
    return AgentHandle.withOutcome(h, counted);
  }
}
