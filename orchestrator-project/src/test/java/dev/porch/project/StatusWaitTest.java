package dev.porch.project;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.testing.InMemoryStatusStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Waiting on status files: woken by the store's change events, not by a polling loop. */
class StatusWaitTest {
  private final InMemoryStatusStore store = new InMemoryStatusStore();
  private final TaskName a = TaskName.of("a-1");
  private final TaskName b = TaskName.of("a-2");

  private AgentStatus status(TaskName t, AgentState s) {
    return AgentStatus.builder().task(t).status(s).started(Instant.EPOCH).branch("feature/" + t)
        .worktree(".worktrees/" + t).build();
  }

  @Test
  void tasks_returnsOnceEveryTaskHasSettled() throws Exception {
    store.write(status(a, AgentState.RUNNING));
    store.write(status(b, AgentState.COMPLETE));
    CountDownLatch firstReading = new CountDownLatch(1);
    CompletableFuture<Map<TaskName, Optional<AgentStatus>>> waited = CompletableFuture.supplyAsync(() -> {
      try {
        return StatusWait.tasks(store, List.of(a, b), Duration.ofMinutes(1), s -> s != AgentState.RUNNING,
            now -> firstReading.countDown());
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(firstReading.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(waited).isNotDone();
    store.write(status(a, AgentState.FAILED));
    Map<TaskName, Optional<AgentStatus>> r = waited.get(30, TimeUnit.SECONDS);
    assertThat(r.keySet()).containsExactly(a, b);
    assertThat(r.get(a)).map(AgentStatus::status).hasValue(AgentState.FAILED);
    assertThat(r.get(b)).map(AgentStatus::status).hasValue(AgentState.COMPLETE);
  }

  @Test
  void tasks_aMissingStatusCountsAsSettled() throws Exception {
    Map<TaskName, Optional<AgentStatus>> r =
        StatusWait.tasks(store, List.of(a), Duration.ofSeconds(5), s -> false, now -> { });
    assertThat(r.get(a)).isEmpty();
  }

  @Test
  void tasks_givesUpAtTheLimitWithTheLastReading() throws Exception {
    store.write(status(a, AgentState.RUNNING));
    Map<TaskName, Optional<AgentStatus>> r =
        StatusWait.tasks(store, List.of(a), Duration.ofMillis(50), s -> s != AgentState.RUNNING, now -> { });
    assertThat(r.get(a)).map(AgentStatus::status).hasValue(AgentState.RUNNING);
  }
}
