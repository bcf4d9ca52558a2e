package dev.porch.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.Evaluation;
import dev.porch.core.port.EvaluationRequest;
import dev.porch.core.port.Evaluator;
import dev.porch.core.port.TestCommand;
import dev.porch.core.port.TestResult;
import dev.porch.core.port.Workspace;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Evaluator} must do (the port's Javadoc), run against the scripted fake and the
 * process adapter alike. A subclass makes the evaluator and its workspaces, and arranges what a test
 * command does in a workspace; the contract only evaluates.
 */
public abstract class EvaluatorContract {
  /** How long a test command may run in the tests that expect it to end. */
  protected static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** What an arranged test command does. */
  protected enum Outcome {
    /** Exits 0. */
    PASS,
    /** Exits 1. */
    FAIL,
    /** Runs until stopped. */
    HANG
  }

  /** The evaluator under test, one per test. */
  protected abstract Evaluator evaluator();

  /** A new workspace for {@code task} whose worktree exists. */
  protected abstract Workspace workspace(String task);

  /** Deletes the workspace's worktree behind the evaluator's back. */
  protected abstract void deleteWorktree(Workspace ws);

  /** A test command that, run in {@code ws}, behaves as {@code outcome}. */
  protected abstract TestCommand command(Workspace ws, Outcome outcome);

  private Evaluation evaluate(Workspace ws, Optional<TestCommand> command, Duration timeout) {
    return evaluator().evaluate(new EvaluationRequest(ws, command, timeout));
  }

  @Test
  void evaluate_withoutTestCommandPasses() {
    Workspace ws = workspace("plain");
    Evaluation e = evaluate(ws, Optional.empty(), TIMEOUT);
    assertThat(e.task()).isEqualTo(ws.task());
    assertThat(e.tests()).isEmpty();
    assertThat(e.passed()).isTrue();
  }

  @Test
  void evaluate_passingCommandPasses() {
    Workspace ws = workspace("green");
    Evaluation e = evaluate(ws, Optional.of(command(ws, Outcome.PASS)), TIMEOUT);
    TestResult t = e.tests().orElseThrow();
    assertThat(t.passed()).isTrue();
    assertThat(t.exitCode()).isZero();
    assertThat(t.timedOut()).isFalse();
    assertThat(e.passed()).isTrue();
  }

  @Test
  void evaluate_failingCommandFailsAsAResultNotAnException() {
    Workspace ws = workspace("red");
    Evaluation e = evaluate(ws, Optional.of(command(ws, Outcome.FAIL)), TIMEOUT);
    TestResult t = e.tests().orElseThrow();
    assertThat(t.passed()).isFalse();
    assertThat(t.exitCode()).isNotZero();
    assertThat(t.timedOut()).isFalse();
    assertThat(e.passed()).isFalse();
  }

  @Test
  void evaluate_hangingCommandTimesOut() {
    Workspace ws = workspace("hang");
    Evaluation e = evaluate(ws, Optional.of(command(ws, Outcome.HANG)), Duration.ofSeconds(1));
    TestResult t = e.tests().orElseThrow();
    assertThat(t.timedOut()).isTrue();
    assertThat(t.passed()).isFalse();
    assertThat(e.passed()).isFalse();
  }

  @Test
  void evaluate_missingWorktreeThrows() {
    Workspace ws = workspace("gone");
    deleteWorktree(ws);
    assertThatThrownBy(() -> evaluate(ws, Optional.empty(), TIMEOUT)).isInstanceOf(WorkspaceException.class);
    assertThatThrownBy(() -> evaluate(ws, Optional.of(command(ws, Outcome.PASS)), TIMEOUT))
        .isInstanceOf(WorkspaceException.class);
  }
}
