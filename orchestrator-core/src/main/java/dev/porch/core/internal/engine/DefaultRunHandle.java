package dev.porch.core.internal.engine;

import dev.porch.core.RunHandle;
import dev.porch.core.RunResult;
import dev.porch.core.error.PorchException;
import dev.porch.core.pattern.RunView;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The {@link RunHandle} of one {@link RunEngine}. */
public final class DefaultRunHandle implements RunHandle {
  private final RunEngine engine;

  public DefaultRunHandle(RunEngine engine) {
    this.engine = engine;
  }

  @Override
  public String runId() {
    return engine.runId();
  }

  @Override
  public RunView view() {
    return engine.view();
  }

  @Override
  public void cancel() {
    engine.cancel("the run was cancelled");
  }

  @Override
  public Optional<RunResult> await(Duration timeout) {
    try {
      return Optional.of(engine.result().get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PorchException("interrupted while waiting for run " + runId(), e);
    } catch (ExecutionException e) {
      throw new PorchException("run " + runId() + " ended abnormally", e.getCause());
    }
  }

  @Override
  public CompletableFuture<RunResult> result() {
    return engine.result().copy();
  }
}
