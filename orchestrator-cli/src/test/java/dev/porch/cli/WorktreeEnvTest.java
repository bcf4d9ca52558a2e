package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.porch.agent.testing.FakeAgent;
import dev.porch.agent.testing.Recorder;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18 through the CLI: porch trust, what spawn prints about setup and share, notify on a run. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fixtures' setup commands are POSIX shell")
class WorktreeEnvTest {
  private final ObjectMapper json = new ObjectMapper();
  @TempDir Path tmp;
  GitRepo repo;
  Map<String, String> env;
  HttpServer server;

  @BeforeEach
  void setUp() throws Exception {
    repo = GitRepo.create(tmp.resolve("repo"));
    env = Map.of("HOME", tmp.resolve("home").toString(), "XDG_CONFIG_HOME", tmp.resolve("home/.config").toString());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private void commit(String path, String content) throws Exception {
    repo.write(path, content);
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "add " + path);
  }

  @Test
  void spawn_skipsAnUntrustedCursorFileWithAHint_andRunsItOnceTrusted() throws Exception {
    commit(".cursor/worktrees.json", "{\"setup-worktree\": [\"echo ready > ready.txt\"]}\n");

    Cli.Result first = Cli.run(repo.dir, env, "spawn", "a", "--agents", "1");
    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(first.err()).contains("porch: setup: skipped .cursor/worktrees.json: not trusted; read it, then run 'porch trust'");
    assertThat(repo.dir.resolve(".worktrees/a-1/ready.txt")).doesNotExist();

    Cli.Result list = Cli.run(repo.dir, env, "trust", "--list");
    assertThat(list.out()).isEqualTo(".cursor/worktrees.json: untrusted\n  sh -c echo ready > ready.txt\n");
    Cli.Result trust = Cli.run(repo.dir, env, "trust", "--json");
    assertThat(trust.code()).as(trust.toString()).isZero();
    assertThat(json.readTree(trust.out()).get("files").get(0).get("state").asText()).isEqualTo("trusted");
    assertThat(tmp.resolve("home/.config/porch/trusted.json")).exists();
    assertThat(repo.git("status", "--porcelain")).as("nothing written into the repository").isEmpty();

    Cli.Result second = Cli.run(repo.dir, env, "spawn", "b", "--agents", "2");
    assertThat(second.code()).as(second.toString()).isZero();
    assertThat(second.err()).containsOnlyOnce("porch: setup: .cursor/worktrees.json (Cursor, setup-worktree, 1 command)");
    assertThat(repo.dir.resolve(".worktrees/b-2/ready.txt")).hasContent("ready");
  }

  @Test
  void trustHelp_namesWhereTrustIsKept_formattedByPicocli() {
    Cli.Result r = Cli.run(repo.dir, env, "trust", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("%APPDATA%\\porch on Windows").contains("porch trust --list");
    assertThat(r.out()).as("picocli formatted the text ('%%' became '%')").doesNotContain("%%");
  }

  @Test
  void trust_ofAFileThatIsNotASetupFile_fails() throws Exception {
    commit("conductor.json", "{\"scripts\": {\"setup\": \"true\"}}\n");
    Cli.Result r = Cli.run(repo.dir, env, "trust", "README.md");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("README.md is not a setup file porch reads here");
  }

  @Test
  void spawn_reportsHowEachSharedFolderWasShared() throws Exception {
    commit(".gitignore", "node_modules\n");
    commit(".porch.json", "{\"share\": {\"node_modules\": \"symlink\"}, \"ports_per_task\": 5}\n");
    repo.write("node_modules/dep/index.js", "1\n");

    Cli.Result r = Cli.run(repo.dir, env, "spawn", "s", "--agents", "2", "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).containsPattern("porch: s-1: shared node_modules as a symlink in \\d+ ms")
        .containsPattern("porch: s-2: shared node_modules as a symlink in \\d+ ms");
    assertThat(Files.isSymbolicLink(repo.dir.resolve(".worktrees/s-1/node_modules"))).isTrue();
    JsonNode tasks = json.readTree(r.out()).get("tasks");
    int p1 = tasks.get(0).get("port").asInt();
    int p2 = tasks.get(1).get("port").asInt();
    assertThat(Math.abs(p1 - p2) % 5).as("blocks of ports_per_task").isZero();
    assertThat(p1).isNotEqualTo(p2);
  }

  @Test
  void compete_notifiesTheWebhookAndTheCommand_onFinalStatesAndTheDecision() throws Exception {
    BlockingQueue<JsonNode> posted = new LinkedBlockingQueue<>();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/porch", ex -> {
      posted.add(json.readTree(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.start();
    Path recorded = tmp.resolve("recorded.txt");
    writeConfig(Map.of("command", Recorder.command(recorded, "--from-porch"),
        "webhook", "http://127.0.0.1:" + server.getAddress().getPort() + "/porch", "on", List.of("final", "decision")));

    Cli.Result r = Cli.run(repo.dir, env, "compete", "n", "--agents", "2", "--prompt", "do it", "--test", "test -f work.txt");

    assertThat(r.code()).as(r.toString()).isZero();
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JsonNode e = posted.poll(30, TimeUnit.SECONDS);
      assertThat(e).as("notification " + (i + 1) + " of 3").isNotNull();
      events.add(e.get("event").asText() + (e.has("task") ? " " + e.get("task").asText() + " " + e.get("state").asText() : ""));
    }
    assertThat(events).containsExactlyInAnyOrder("task-final n-1 COMPLETE", "task-final n-2 COMPLETE", "run-decided");
    List<String> lines = Files.readAllLines(recorded); // the last notification the command got
    assertThat(lines.subList(0, 2)).containsExactly("--from-porch", "--");
    assertThat(json.readTree(lines.get(2)).get("schema").asText()).isEqualTo("porch.notify/v1");
  }

  @Test
  void aWebhookThatFails_isAProblemEvent_andTheRunStillSucceeds() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      closed = s.getLocalPort(); // nothing listens there once closed
    }
    writeConfig(Map.of("webhook", "http://127.0.0.1:" + closed + "/gone", "webhook_timeout", "2s", "on", List.of("decision")));

    Cli.Result r = Cli.run(repo.dir, env, "compete", "w", "--agents", "2", "--prompt", "do it", "--test", "test -f work.txt");

    assertThat(r.code()).as(r.toString()).isZero();
    String events = Files.readString(repo.dir.resolve(".agent-status/events.ndjson"));
    assertThat(events).contains("\"problem\"").contains("webhook http://127.0.0.1:" + closed + "/gone failed");
  }

  @Test
  void block_byAnAgentStartedByHand_notifiesTheCommand() throws Exception {
    Path recorded = tmp.resolve("blocked.txt");
    writeConfig(Map.of("command", Recorder.command(recorded), "on", List.of("blocked")));
    assertThat(Cli.run(repo.dir, env, "spawn", "m", "--agents", "1").code()).isZero();

    Cli.Result r = Cli.run(repo.dir.resolve(".worktrees/m-1"), env, "block", "--reason", "which schema?");

    assertThat(r.code()).as(r.toString()).isZero();
    List<String> lines = Files.readAllLines(recorded);
    JsonNode event = json.readTree(lines.get(1));
    assertThat(event.get("event").asText()).isEqualTo("task-blocked");
    assertThat(event.get("task").asText()).isEqualTo("m-1");
    assertThat(event.get("reason").asText()).isEqualTo("which schema?");
  }

  private void writeConfig(Map<String, Object> notify) throws Exception {
    List<String> agent = FakeAgent.command("--write", "work.txt", "done", "--commit", "agent work");
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("agents", Map.of("fake", Map.of("command", agent)));
    config.put("agent", "fake");
    config.put("notify", notify);
    commit(".porch.json", json.writeValueAsString(config));
  }
}
