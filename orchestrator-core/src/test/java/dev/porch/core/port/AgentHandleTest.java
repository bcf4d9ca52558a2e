package dev.porch.core.port;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.TaskName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AgentHandleTest {
  @Test
  void withOutcome_isTheInnerHandleButForItsOutcome() {
    List<String> cancelled = new ArrayList<>();
    Instant started = Instant.parse("2026-12-07T04:00:00Z");
    CompletableFuture<AgentOutcome> innerOutcome = new CompletableFuture<>();
    AgentHandle inner = new AgentHandle() {
      @Override
      public TaskName task() {
        return TaskName.of("auth-1");
      }

      @Override
      public CompletableFuture<AgentOutcome> outcome() {
        return innerOutcome;
      }

      @Override
      public void cancel(String reason) {
        cancelled.add(reason);
      }

      @Override
      public OptionalLong pid() {
        return OptionalLong.of(4711);
      }

      @Override
      public Optional<Instant> processStarted() {
        return Optional.of(started);
      }

      @Override
      public List<String> logTail(int lines) {
        return List.of("line " + lines);
      }
    };
    CompletableFuture<AgentOutcome> mine = new CompletableFuture<>();

    AgentHandle h = AgentHandle.withOutcome(inner, mine);
    h.cancel("timeout");
    innerOutcome.complete(AgentOutcome.stopped(TaskName.of("auth-1"), AgentOutcome.Kind.CANCELLED, "timeout",
        Duration.ZERO, List.of()));

    assertThat(h.task()).isEqualTo(TaskName.of("auth-1"));
    assertThat(h.outcome()).isSameAs(mine).isNotDone();
    assertThat(cancelled).containsExactly("timeout");
    assertThat(h.pid()).hasValue(4711);
    assertThat(h.processStarted()).contains(started);
    assertThat(h.logTail(3)).containsExactly("line 3");
    assertThat(h.activity()).isEmpty();
  }
}
