package dev.porch.agent.internal.sandbox;

import dev.porch.core.TaskName;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.AgentRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * A launcher that delivers the sandbox cell of each agent it re-attaches to ({@link Redelivery}),
 * whatever the policy it runs with now; launches pass through unchanged.
 */
public final class DeliveringLauncher implements AgentLauncher {
  private final AgentLauncher delegate;
  private final Redelivery redelivery;

  /**
   * @param delegate the launcher that launches and finds processes
   * @param redelivery the repository's redelivery
   */
  public DeliveringLauncher(AgentLauncher delegate, Redelivery redelivery) {
    this.delegate = delegate;
    this.redelivery = redelivery;
  }

  @Override
  public AgentHandle launch(AgentRequest request) {
    return delegate.launch(request);
  }

  @Override
  public boolean appliesConfinement() {
    return delegate.appliesConfinement();
  }

  @Override
  public Optional<AgentHandle> reattach(TaskName task, long pid, Instant processStarted) {
    return redelivery.reattach(delegate, task, pid, processStarted);
  }
}
