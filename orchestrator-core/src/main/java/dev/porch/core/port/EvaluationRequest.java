package dev.porch.core.port;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What to judge: one workspace, against its base, with an optional test command.
 *
 * @param workspace the workspace
 * @param testCommand the command to run in it, or empty to measure the diff only
 * @param timeout how long the test command may run
 */
public record EvaluationRequest(Workspace workspace, Optional<TestCommand> testCommand, Duration timeout) {
  public EvaluationRequest {
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(testCommand, "testCommand");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("evaluation timeout must be positive, got " + timeout);
    }
  }
}
