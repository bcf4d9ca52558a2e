package dev.porch.examples;

import dev.porch.core.TaskName;
import dev.porch.core.error.LaunchException;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.AgentRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A custom adapter: wraps any {@link AgentLauncher} and gives each task a budget, a cap on
 * attempts and on wall time per attempt (the shortest of the request's timeout and the budget).
 * It shows that adapters compose: the engine sees just another launcher.
 *
 * <pre>{@code
 * AgentLauncher launcher = new BudgetLauncher(processes, 2, Duration.ofMinutes(20));
 * }</pre>
 */
public final class BudgetLauncher implements AgentLauncher {
  private final AgentLauncher delegate;
  private final int maxAttempts;
  private final Duration maxTime;
  private final Map<TaskName, Integer> attempts = new ConcurrentHashMap<>();

  /**
   * @param delegate the launcher that really starts agents
   * @param maxAttempts attempts allowed per task, 1 or more
   * @param maxTime wall time allowed per attempt, positive
   * @throws IllegalArgumentException if a limit is not positive
   */
  public BudgetLauncher(AgentLauncher delegate, int maxAttempts, Duration maxTime) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    if (maxAttempts < 1 || maxTime.isNegative() || maxTime.isZero()) {
      throw new IllegalArgumentException("budget limits must be positive");
    }
    this.maxAttempts = maxAttempts;
    this.maxTime = maxTime;
  }

  @Override
  public AgentHandle launch(AgentRequest request) {
    int n = attempts.merge(request.task(), 1, Integer::sum);
    if (n > maxAttempts) {
      throw new LaunchException(request.task(), "budget spent: " + maxAttempts + " attempt(s) allowed",
          List.of("raise the budget or fix the task"), null);
    }
    Duration limit = request.timeout().filter(t -> t.compareTo(maxTime) < 0).orElse(maxTime);
    return delegate.launch(request.withTimeout(limit));
  }

  /** Attempts made so far for {@code task}. */
  public int attempts(TaskName task) {
    return attempts.getOrDefault(task, 0);
  }
}
