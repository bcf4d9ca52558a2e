package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.agent.testing.FakeAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code porch cancel}: stops a running agent found by its recorded pid; refuses a task that is not running. */
class CancelCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WAIT_S = 90;

  @TempDir Path tmp;

  @Test
  void cancel_stopsARunningAgent_andItsRunRecordsTheEnd() throws Exception {
    GitRepo repo = GitRepo.create(tmp.resolve("repo"));
    Path gates = tmp.resolve("gates");
    repo.write(".porch.json", JSON.writeValueAsString(Map.of("agent", "gated", "agents", Map.of("gated",
        Map.of("command", FakeAgent.command("--arrive", gates.toString(), "--await", gates.resolve("never").toString()))))));
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "porch config");
    assertThat(Cli.run(repo.dir, "spawn", "stop", "--agents", "1").code()).isZero();
    CompletableFuture<Cli.Result> launch = CompletableFuture.supplyAsync(() ->
        Cli.run(repo.dir, "launch", "stop-1", "--prompt", "work", "--wait"));
    Path arrived = gates.resolve("stop-1.arrived");
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
    while (!Files.exists(arrived) || !status(repo).path("status").asText().equals("RUNNING")
        || !status(repo).hasNonNull("pid")) {
      assertThat(launch.isDone()).as("porch ended early: %s", launch.getNow(null)).isFalse();
      assertThat(System.nanoTime()).as("the agent never started").isLessThan(end);
      try {
        launch.get(50, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException running) {
        // look again
      }
    }

    Cli.Result cancelled = Cli.run(repo.dir, "cancel", "stop-1");
    assertThat(cancelled.code()).as(cancelled.toString()).isZero();
    assertThat(cancelled.out()).isEmpty();
    Cli.Result launched = launch.get(WAIT_S, TimeUnit.SECONDS);
    assertThat(launched.code()).as(launched.toString()).isNotZero();
    assertThat(status(repo).path("status").asText()).isEqualTo("FAILED");

    Cli.Result again = Cli.run(repo.dir, "cancel", "stop-1");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("task stop-1 has no running agent (it is FAILED)");
  }

  @Test
  void cancel_anUnknownTask_isAUsageError() throws Exception {
    GitRepo repo = GitRepo.create(tmp.resolve("repo"));
    Cli.Result r = Cli.run(repo.dir, "cancel", "nothing-here");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("there is no task nothing-here");
  }

  private static JsonNode status(GitRepo repo) throws Exception {
    JsonNode tasks = JSON.readTree(Cli.run(repo.dir, "status", "--json").out()).get("tasks");
    return tasks.size() == 0 ? JSON.createObjectNode() : tasks.get(0);
  }
}
