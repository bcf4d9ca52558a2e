package dev.porch.core.port;

import dev.porch.core.error.PorchException;

/**
 * Port: judges a finished workspace: runs its test command, measures its diff, reads its RESULTS.md.
 * The default adapter runs the test command as a local process: {@code
 * dev.porch.agent.ProcessEvaluator}.
 *
 * <p><b>Threads.</b> Thread-safe; called from engine worker threads, possibly several at once; it
 * blocks until the evaluation is done or its timeout passes.
 *
 * <p><b>Contract.</b> A failing or timed-out test command is a result ({@link TestResult#passed()}
 * false), not an exception. It never changes the workspace's branch. An exception means the
 * workspace could not be judged at all; to the engine that task then counts as not passing.
 */
@FunctionalInterface
public interface Evaluator {
  /**
   * Judges one workspace.
   *
   * @param request the workspace, test command and timeout
   * @return the evaluation
   * @throws PorchException if the workspace cannot be judged at all
   */
  Evaluation evaluate(EvaluationRequest request);
}
