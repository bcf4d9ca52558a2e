package dev.porch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.error.IllegalTransitionException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Every sequence the table allows is accepted, every other is refused. */
class AgentStateProperties {
  /** DESIGN.md's table, written out independently of AgentState. */
  static final Map<AgentState, Set<AgentState>> TABLE =
      Map.of(
          AgentState.PENDING, Set.of(AgentState.RUNNING, AgentState.BLOCKED, AgentState.FAILED),
          AgentState.RUNNING, Set.of(AgentState.COMPLETE, AgentState.FAILED, AgentState.BLOCKED),
          AgentState.BLOCKED, Set.of(AgentState.PENDING, AgentState.RUNNING, AgentState.FAILED),
          AgentState.COMPLETE, Set.of(),
          AgentState.FAILED, Set.of());

  private static final TaskName TASK = TaskName.of("t-1");

  @Property(tries = 2000)
  void sequencesAreAcceptedExactlyWhenTheTableAllowsEveryStep(
      @ForAll @Size(max = 8) List<AgentState> steps) {
    AgentStatus status = AgentStatus.pending(TASK, "feature/t-1", ".worktrees/t-1");
    Instant t = Instant.parse("2026-01-30T10:30:00Z");
    for (AgentState next : steps) {
      AgentState from = status.status();
      boolean allowed = TABLE.get(from).contains(next);
      if (allowed) {
        status = status.moveTo(next, t);
        assertThat(status.status()).isEqualTo(next);
      } else {
        AgentStatus before = status;
        Instant at = t;
        assertThatThrownBy(() -> before.moveTo(next, at))
            .isInstanceOf(IllegalTransitionException.class)
            .hasMessageContaining(from.name())
            .hasMessageContaining(next.name());
        return;
      }
      t = t.plusSeconds(1);
    }
  }

  @Property
  void finalStatesOnlyLeaveThroughRetry(@ForAll("finals") AgentState fin) {
    Instant t = Instant.parse("2026-01-30T10:30:00Z");
    AgentStatus running = AgentStatus.pending(TASK, "feature/t-1", ".worktrees/t-1").moveTo(AgentState.RUNNING, t);
    AgentStatus done = running.moveTo(fin, t.plusSeconds(5)).withExitCode(3).withError("x");
    assertThat(done.completed()).contains(t.plusSeconds(5));
    AgentStatus again = done.retry(t.plusSeconds(9));
    assertThat(again.status()).isEqualTo(AgentState.PENDING);
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(again.completed()).isEmpty();
    assertThat(again.exitCode()).isEmpty();
    assertThat(again.error()).isEmpty();
    assertThat(again.started()).isEmpty();
  }

  @Provide
  Arbitrary<AgentState> finals() {
    return Arbitraries.of(AgentState.COMPLETE, AgentState.FAILED);
  }

  @Property
  void successorsMatchTheTable(@ForAll AgentState s) {
    assertThat(s.successors()).isEqualTo(TABLE.get(s));
    assertThat(s.isFinal()).isEqualTo(TABLE.get(s).isEmpty());
  }
}
