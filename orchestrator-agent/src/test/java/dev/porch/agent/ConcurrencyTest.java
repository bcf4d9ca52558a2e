package dev.porch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.agent.testing.FakeAgent;
import dev.porch.agent.testing.GitRepo;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher under a small driver that limits concurrency, as the engine does. */
class ConcurrencyTest {
  static final int AGENTS = 16;
  static final int LIMIT = 4;
  @TempDir Path dir;

  @Test
  void launch_sixteenAgentsUnderALimitOfFour() throws Exception {
    GitRepo repo = GitRepo.init(dir.resolve("repo"));
    Path times = Files.createDirectories(dir.resolve("times"));
    Semaphore slots = new Semaphore(LIMIT);
    List<CompletableFuture<AgentOutcome>> outcomes = new ArrayList<>();
    try (AgentProcesses agents = AgentProcesses.builder(repo.root()).gracePeriod(Duration.ofSeconds(1))
        .customCommand(FakeAgent.command("--times", times.resolve("{task}.times").toString(), "--sleep", "200"))
        .build()) {
      for (int i = 1; i <= AGENTS; i++) {
        assertThat(slots.tryAcquire(60, TimeUnit.SECONDS)).as("a slot frees up").isTrue();
        AgentHandle h = agents.launch(Launches.request(repo.folder("par-" + i), "x", "custom").build());
        h.outcome().whenComplete((o, e) -> slots.release());
        outcomes.add(h.outcome());
      }
      CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    }

    assertThat(outcomes).allSatisfy(f -> assertThat(f.join().succeeded()).isTrue());
    List<long[]> events = new ArrayList<>();
    for (int i = 1; i <= AGENTS; i++) {
      List<String> lines = Files.readAllLines(times.resolve("par-" + i + ".times"));
      assertThat(lines).hasSize(2);
      events.add(new long[] {Long.parseLong(lines.get(0).split(" ")[1]), +1});
      events.add(new long[] {Long.parseLong(lines.get(1).split(" ")[1]), -1});
    }
    events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int running = 0;
    int most = 0;
    for (long[] e : events) {
      running += (int) e[1];
      most = Math.max(most, running);
    }
    assertThat(most).isBetween(2, LIMIT);
  }
}
