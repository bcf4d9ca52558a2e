package dev.porch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.error.IllegalTransitionException;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.ConflictMatrix;
import dev.porch.core.port.TestCommand;
import dev.porch.core.port.TestResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValuesTest {
  private static final TaskName A = TaskName.of("a-1");
  private static final Instant T0 = Instant.parse("2026-01-30T10:30:00Z");

  @Test
  void agentStatus_pendingHasTheSeedDefaults() {
    AgentStatus s = AgentStatus.pending(A, "feature/a-1", ".worktrees/a-1");
    assertThat(s.status()).isEqualTo(AgentState.PENDING);
    assertThat(s.started()).isEmpty();
    assertThat(s.completed()).isEmpty();
    assertThat(s.summary()).isEmpty();
    assertThat(s.filesChanged()).isEmpty();
    assertThat(s.attempt()).isEqualTo(1);
  }

  @Test
  void agentStatus_moveToStampsTimes() {
    AgentStatus running = AgentStatus.pending(A, "feature/a-1", ".worktrees/a-1").moveTo(AgentState.RUNNING, T0);
    assertThat(running.started()).contains(T0);
    assertThat(running.updated()).contains(T0);
    AgentStatus blocked = running.moveTo(AgentState.BLOCKED, T0.plusSeconds(1));
    AgentStatus again = blocked.moveTo(AgentState.RUNNING, T0.plusSeconds(2));
    assertThat(again.started()).as("first start is kept").contains(T0);
    AgentStatus done = again.moveTo(AgentState.COMPLETE, T0.plusSeconds(3));
    assertThat(done.completed()).contains(T0.plusSeconds(3));
  }

  @Test
  void agentStatus_retryOfNonFinal() {
    AgentStatus s = AgentStatus.pending(A, "feature/a-1", ".worktrees/a-1");
    assertThatThrownBy(() -> s.retry(T0)).isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void agentStatus_retryOfBlockedAndOfComplete_startANewAttemptWithoutTheOldResults() {
    AgentStatus running = AgentStatus.pending(A, "feature/a-1", ".worktrees/a-1").moveTo(AgentState.RUNNING, T0)
        .withSession("s-1");
    AgentStatus blocked = running.moveTo(AgentState.BLOCKED, T0.plusSeconds(1)).withError("which db?");
    AgentStatus again = blocked.retry(T0.plusSeconds(2));
    assertThat(again.status()).isEqualTo(AgentState.PENDING);
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(again.error()).isEmpty();
    assertThat(again.session()).contains("s-1");
    AgentStatus done = running.moveTo(AgentState.COMPLETE, T0.plusSeconds(3)).withSummary("did it")
        .withFilesChanged(java.util.List.of("a.txt")).withScore(105);
    AgentStatus next = done.retry(T0.plusSeconds(4));
    assertThat(next.summary()).isEmpty();
    assertThat(next.filesChanged()).isEmpty();
    assertThat(next.score()).isEmpty();
    assertThat(next.started()).isEmpty();
  }

  @Test
  void agentStatus_blankBranch() {
    assertThatThrownBy(() -> AgentStatus.pending(A, " ", ".worktrees/a-1")).hasMessageContaining("branch of a-1 is blank");
  }

  @Test
  void agentStatus_withersKeepTheRest() {
    AgentStatus s = AgentStatus.pending(A, "feature/a-1", ".worktrees/a-1")
        .withSummary("done").withFilesChanged(List.of("x")).withPort(41001).withProcess(42, T0);
    assertThat(s.summary()).contains("done");
    assertThat(s.filesChanged()).containsExactly("x");
    assertThat(s.port()).hasValue(41001);
    assertThat(s.pid()).hasValue(42);
    assertThat(s.withoutProcess().pid()).isEmpty();
    assertThat(s.withSummary(Optional.empty()).summary()).isEmpty();
  }

  @Test
  void conflictMatrix_isSymmetricAndOrdered() {
    ConflictMatrix m = ConflictMatrix.builder(List.of("b1", "b2", "b3")).conflict("b3", "b1", List.of("x.txt")).build();
    assertThat(m.conflicts("b1", "b3")).containsExactly("x.txt");
    assertThat(m.conflicts("b3", "b1")).containsExactly("x.txt");
    assertThat(m.conflicts("b1", "b2")).isEmpty();
    assertThat(m.hasConflicts()).isTrue();
    assertThat(m.conflictingPairs()).containsExactly(new ConflictMatrix.Conflict("b1", "b3", List.of("x.txt")));
    assertThat(ConflictMatrix.clean(List.of("b1")).hasConflicts()).isFalse();
  }

  @Test
  void conflictMatrix_unknownBranch() {
    ConflictMatrix m = ConflictMatrix.clean(List.of("b1", "b2"));
    assertThatThrownBy(() -> m.conflicts("b1", "zz")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConflictMatrix.builder(List.of("a", "a"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decision_invariants() {
    assertThatThrownBy(() -> Decision.builder().verdict(Decision.Verdict.MERGE).summary("s").build())
        .hasMessageContaining("at least one");
    assertThatThrownBy(() -> Decision.builder().verdict(Decision.Verdict.NOTHING).addMerge(A).summary("s").build())
        .hasMessageContaining("cannot merge");
    assertThatThrownBy(() -> Decision.builder().verdict(Decision.Verdict.MERGE).addMerge(A).addDiscard(A).summary("s").build())
        .hasMessageContaining("both merged and discarded");
    assertThat(Decision.nothing("no winner").verdict()).isEqualTo(Decision.Verdict.NOTHING);
  }

  @Test
  void testCommand_shapes() {
    assertThat(TestCommand.of("mvn", "-q", "test").display()).isEqualTo("mvn -q test");
    assertThat(TestCommand.shellLine("npm test && echo ok").shell()).isTrue();
    assertThatThrownBy(() -> new TestCommand(List.of(), false)).hasMessageContaining("needs a program");
  }

  @Test
  void testResult_counts() {
    TestResult r = new TestResult(true, 0, Duration.ofSeconds(2), 5, 0, 1, Optional.of("pytest"), List.of("pytest"), false);
    assertThat(r.total()).isEqualTo(6);
    TestResult unknown = new TestResult(false, 1, Duration.ZERO, -1, -1, -1, Optional.empty(), List.of("x"), false);
    assertThat(unknown.hasCounts()).isFalse();
    assertThat(unknown.total()).isEqualTo(-1);
  }

  @Test
  void agentOutcome_success() {
    assertThat(AgentOutcome.exited(A, 0, Duration.ZERO, List.of()).succeeded()).isTrue();
    AgentOutcome failed = AgentOutcome.exited(A, 2, Duration.ZERO, List.of("boom"));
    assertThat(failed.succeeded()).isFalse();
    assertThat(failed.reason()).contains("agent exited with code 2");
    assertThat(failed.asRateLimited().rateLimited()).isTrue();
  }

  @Test
  void event_typeNames() {
    OrchestrationEvent e = new OrchestrationEvent.StateChanged("r", T0, A, Optional.empty(), AgentState.PENDING, Optional.empty());
    assertThat(e.type()).isEqualTo("state-changed");
    assertThat(e.task()).contains(A);
    assertThat(new OrchestrationEvent.RunFinished("r", T0, true, "ok").type()).isEqualTo("run-finished");
  }
}
