package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.agent.testing.FakeAgent;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A fake agent replays a stream recorded from a real CLI (claude's stream-json, codex's --json; the
 * fixtures in orchestrator-agent's test resources, with their sources in the README there), paused
 * half way on a gate: while it runs, {@code porch status --json} shows its session and current step,
 * {@code porch status --watch --json} and {@code porch logs -f} follow it through real processes,
 * and at the end the tokens (and cost, where the CLI gives one) are in the status.
 */
class LiveStreamsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WAIT_S = 90;

  @TempDir Path tmp;

  private static Path fixture(Path dir, String resource) throws Exception {
    Path file = dir.resolve(resource.replace('/', '-'));
    try (InputStream in = LiveStreamsTest.class.getResourceAsStream("/dev/porch/agent/streams/" + resource)) {
      assertThat(in).as(resource).isNotNull();
      Files.write(file, in.readAllBytes());
    }
    return file;
  }

  /** Waits, with a deadline, until {@code file} exists (the fake agent arrived at its gate). */
  private static void awaitFile(Path file, CompletableFuture<?> porch) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
    while (!Files.exists(file)) {
      assertThat(porch.isDone()).as("porch ended before the agent reached its gate: %s", porch.getNow(null)).isFalse();
      assertThat(System.nanoTime()).as("the agent never reached its gate").isLessThan(end);
      try {
        porch.get(50, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException running) {
        // look again
      }
    }
  }

  /** Reads {@code porch status --json} until the task shows a session and a current step. */
  private static JsonNode awaitActivity(Path repo, String task) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
    while (true) {
      JsonNode t = JSON.readTree(Cli.run(repo, "status", "--json").out()).get("tasks").get(0);
      if (t.path("session").isTextual() && t.path("activity").isTextual()) {
        return t;
      }
      assertThat(System.nanoTime()).as("status never showed the session and step: %s", t).isLessThan(end);
      CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)).join();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "claude-stream-json, claude/several-tools.jsonl, 5, Bash: ./check.sh, Committed., true",
      "codex-json, codex/several-tools.jsonl, 6, ./check.sh, now it adds, false"})
  void aReplayedCliStream_drivesStatusWatchAndLogsFollow(String stream, String resource, int half, String step,
      String lastWords, boolean costed) throws Exception {
    GitRepo repo = GitRepo.create(tmp.resolve("repo"));
    Path rec = fixture(tmp, resource);
    Path gates = tmp.resolve("gates");
    Map<String, Object> profile = new LinkedHashMap<>();
    profile.put("command", FakeAgent.command("--emit-lines", rec.toString(), "0", Integer.toString(half),
        "--arrive", gates.toString(), "--await", gates.resolve("go").toString(),
        "--emit-lines", rec.toString(), Integer.toString(half), "-1", "--write", "work.txt", "done\n"));
    profile.put("stream", stream);
    repo.write(".porch.json", JSON.writeValueAsString(Map.of("agent", "replay", "agents", Map.of("replay", profile))));
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "porch config");
    assertThat(Cli.run(repo.dir, "spawn", "live", "--agents", "1").code()).isZero();

    CompletableFuture<Cli.Result> launch = CompletableFuture.supplyAsync(() ->
        Cli.run(repo.dir, "launch", "live-1", "--prompt", "fix calc", "--wait"));
    awaitFile(gates.resolve("live-1.arrived"), launch);
    JsonNode running = awaitActivity(repo.dir, "live-1");
    assertThat(running.path("status").asText()).isEqualTo("RUNNING");
    assertThat(running.path("activity").asText()).contains(step);

    CompletableFuture<Cli.Result> watch = CompletableFuture.supplyAsync(() ->
        Cli.run(repo.dir, "status", "--watch", "--json"));
    CompletableFuture<Cli.Result> follow = CompletableFuture.supplyAsync(() -> Cli.run(repo.dir, "logs", "live-1", "-f"));
    Files.writeString(gates.resolve("go"), "");

    Cli.Result launched = launch.get(WAIT_S, TimeUnit.SECONDS);
    assertThat(launched.code()).as(launched.toString()).isZero();
    Cli.Result followed = follow.get(WAIT_S, TimeUnit.SECONDS);
    assertThat(followed.code()).as(followed.toString()).isZero();
    assertThat(followed.out()).as("the readable transcript, both halves").contains("check.sh")
        .contains(lastWords).doesNotContain("{\"type\"");
    Cli.Result watched = watch.get(WAIT_S, TimeUnit.SECONDS);
    assertThat(watched.code()).as(watched.toString()).isZero();
    List<JsonNode> docs = new ArrayList<>();
    JSON.getFactory().createParser(watched.out()).readValuesAs(JsonNode.class).forEachRemaining(docs::add);
    JsonNode last = docs.get(docs.size() - 1).get("tasks").get(0);
    assertThat(last.path("status").asText()).isEqualTo("COMPLETE");
    assertThat(last.path("session").asText()).isEqualTo(running.path("session").asText());
    assertThat(last.path("usage").path("input_tokens").asLong()).isPositive();
    assertThat(last.path("usage").path("output_tokens").asLong()).isPositive();
    assertThat(last.path("usage").path("cost_usd").isNumber()).as("cost when the CLI gives one").isEqualTo(costed);
    assertThat(last.path("activity").isNull()).as("no step once it ended").isTrue();
  }
}
