package dev.porch.core;

import dev.porch.core.error.PorchException;
import dev.porch.core.pattern.RunView;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A run started by {@link Orchestrator#start}. Thread-safe: any thread may look, cancel or wait.
 *
 * <pre>{@code
 * RunHandle h = orchestrator.start(Patterns.competitive(3), request);
 * Optional<RunResult> r = h.await(Duration.ofMinutes(30));
 * if (r.isEmpty()) h.cancel();
 * }</pre>
 */
public interface RunHandle {
  /** The run's id, also written to every status file of the run. */
  String runId();

  /** A snapshot of the run now. */
  RunView view();

  /**
   * Cancels the run: every running agent is stopped, no new one starts, nothing is merged.
   * Idempotent; returns at once.
   */
  void cancel();

  /**
   * Waits for the run to end.
   *
   * @param timeout the longest wait
   * @return the result, or empty if the run is still going after {@code timeout}
   * @throws PorchException if the thread is interrupted (its interrupt flag is set again)
   */
  Optional<RunResult> await(Duration timeout);

  /** Completes with the result when the run ends; never completes exceptionally. */
  CompletableFuture<RunResult> result();
}
