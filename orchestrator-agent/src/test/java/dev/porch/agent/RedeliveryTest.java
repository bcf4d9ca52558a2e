package dev.porch.agent;

import static dev.porch.agent.Launches.await;
import static dev.porch.agent.Launches.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.porch.agent.testing.GitRepo;
import dev.porch.agent.testing.Poll;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.AgentRequest;
import dev.porch.core.port.SandboxPolicy;
import dev.porch.core.port.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sandboxed agent whose porch was killed: a fresh porch (policy off) re-attaches to it and delivers
 * its branch and report from the cell. The killed porch is a launcher whose handles never complete
 * (its process is gone, so it never sees the agent end and never delivers); the agent keeps running
 * under bwrap as it would after a kill -9. Skipped, with the probe's reason, where bwrap is missing or
 * cannot make a sandbox (as {@link SandboxTest}).
 */
class RedeliveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Sandboxes.Availability sandbox;

  @TempDir Path dir;
  GitRepo repo;
  Launches launches;
  String initial;

  @BeforeAll
  static void probe() {
    sandbox = Sandboxes.availability();
  }

  @BeforeEach
  void setUp() {
    Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().startsWith("linux"),
        "these tests check bwrap, the Linux sandbox (macOS's profile is checked as text)");
    Assumptions.assumeTrue(sandbox.available(), "no sandbox on this machine: " + sandbox.detail());
    repo = GitRepo.init(dir.resolve("repo"));
    launches = new Launches(repo.root());
    initial = repo.git("rev-parse", "main").trim();
  }

  @AfterEach
  void tearDown() {
    if (launches != null) {
      launches.close();
    }
  }

  /** The porch that launched the agent, then was killed: it never hears of the agent again. */
  private static final class Killed implements AgentLauncher {
    final AgentLauncher real;
    final List<AgentHandle> launched = new ArrayList<>();

    Killed(AgentLauncher real) {
      this.real = real;
    }

    @Override
    public boolean appliesConfinement() {
      return true;
    }

    @Override
    public AgentHandle launch(AgentRequest request) {
      AgentHandle h = real.launch(request);
      launched.add(h);
      return AgentHandle.withOutcome(h, new CompletableFuture<>()); // never completes
    }
  }

  /** A launched sandboxed agent whose porch is gone, and its status file as that porch left it. */
  private record Lost(Workspace ws, AgentHandle real, long pid, Instant started, Path status) {}

  private Lost launchAndKillPorch(Workspace ws, String... args) throws IOException {
    return launchAndKillPorch(ws, SandboxPolicy.WORKTREE, SandboxNeeds.NONE, args);
  }

  private Lost launchAndKillPorch(Workspace ws, SandboxPolicy policy, SandboxNeeds needs, String... args)
      throws IOException {
    Killed killed = new Killed(launches.fake(args));
    AgentHandle h = Sandboxes.wrap(killed, policy, name -> needs).launch(request(ws, "go").build());
    long pid = h.pid().orElseThrow();
    Instant started = h.processStarted().orElseThrow();
    // what the engine writes once the agent runs (AgentEnds.recordProcess)
    Path status = repo.root().resolve(".agent-status").resolve(ws.task() + ".json");
    Files.writeString(status, "{\n  \"task\": \"" + ws.task() + "\",\n  \"status\": \"RUNNING\",\n  \"started\": \""
        + started + "\",\n  \"completed\": null,\n  \"summary\": null,\n  \"files_changed\": [],\n  \"branch\": \""
        + ws.branch() + "\",\n  \"worktree\": \"" + ws.relativePath() + "\",\n  \"pid\": " + pid
        + ",\n  \"pid_started\": \"" + started + "\"\n}\n");
    return new Lost(ws, killed.launched.get(0), pid, started, status);
  }

  /** An agent that commits and reports COMPLETE, launched by a porch then killed, and ended since. */
  private Lost launchEndedAndKillPorch(Workspace ws) throws IOException {
    Lost lost = launchAndKillPorch(ws, "--write", "work.txt", "the work", "--commit", "agent work",
        "--status", "COMPLETE", "done it");
    AgentOutcome ended = await(lost.real());
    assertThat(ended.succeeded()).as("%s; log %s", ended, log(ws.task().value())).isTrue();
    return lost;
  }

  /** The agent's commit is on its branch, its report is the status file, its cell is gone. */
  private void assertDelivered(Lost lost) throws IOException {
    assertThat(repo.git("log", "-1", "--format=%s", lost.ws().branch()).trim()).isEqualTo("agent work");
    assertThat(status(lost).get("status").asText()).isEqualTo("COMPLETE");
    assertThat(status(lost).get("summary").asText()).isEqualTo("done it");
    assertThat(cellsOf(lost.ws().task().value())).isEmpty();
  }

  private AgentLauncher freshPorch() {
    return Sandboxes.delivering(launches.fake("--exit", "0"), repo.root());
  }

  private List<Path> cellsOf(String task) throws IOException {
    try (Stream<Path> all = Files.list(repo.root().resolve(".agent-status/sandbox"))) {
      return all.filter(p -> p.getFileName().toString().startsWith(task + ".")).sorted().toList();
    }
  }

  private Path manifestOf(String task) throws IOException {
    return cellsOf(task).stream().filter(p -> p.getFileName().toString().endsWith(".json")).findFirst().orElseThrow();
  }

  private JsonNode status(Lost lost) throws IOException {
    return JSON.readTree(lost.status().toFile());
  }

  private String log(String task) throws IOException {
    return Files.readString(repo.root().resolve(".agent-status/logs/" + task + ".log"), StandardCharsets.UTF_8);
  }

  @Test
  void reattach_runningAgentIsDeliveredWhenItEnds() throws Exception {
    Workspace a = repo.worktree("a");
    Path gate = dir.resolve("gate");
    Path forged = repo.root().resolve(".agent-status/sandbox/a.forged.json");
    Lost lost = launchAndKillPorch(a, "--try-write", forged.toString(), "{}", "--write", "work.txt", "the work", "--commit", "agent work",
        "--status", "COMPLETE", "done it", "--await", gate.toString());
    Poll.until("the agent to report", Launches.WAIT, () -> {
      try {
        return cellsOf("a").stream().anyMatch(c -> Files.exists(c.resolve("outbox/.agent-status/a.json")));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    // the porch that launched it is gone: its commit is in the cell's private refs, its report in the outbox
    assertThat(repo.git("rev-parse", "feature/a").trim()).isEqualTo(initial);
    assertThat(status(lost).get("status").asText()).isEqualTo("RUNNING");
    assertThat(log("a")).contains("refused " + forged).contains("Read-only file system");
    assertThat(forged).doesNotExist();

    Optional<AgentHandle> h = freshPorch().reattach(a.task(), lost.pid(), lost.started());
    assertThat(h).isPresent();
    assertThat(h.get().outcome()).isNotDone();
    Files.writeString(gate, "go");
    AgentOutcome o = await(h.get());

    assertThat(o.kind()).isEqualTo(AgentOutcome.Kind.EXITED);
    assertDelivered(lost);
  }

  @Test
  void reattach_strictAgentGetsItsNetworkProxyAgain() throws Exception {
    com.sun.net.httpserver.HttpServer model = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), 0), 0);
    model.createContext("/", ex -> {
      byte[] b = "model answer".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    model.start();
    try {
      String url = "http://127.0.0.1:" + model.getAddress().getPort() + "/v1/messages";
      Workspace a = repo.worktree("a");
      Path gate = dir.resolve("gate");
      SandboxNeeds needs = new SandboxNeeds(List.of(), List.of("127.0.0.1:" + model.getAddress().getPort()), List.of());
      Lost lost = launchAndKillPorch(a, SandboxPolicy.STRICT, needs, "--await", gate.toString(), "--try-fetch", url);
      // the killed porch's proxy died with it and left its socket file behind, stale: nobody listens
      Path socket = Path.of(JSON.readTree(manifestOf("a").toFile()).get("proxy_socket").asText());
      Files.delete(socket);
      try (java.nio.channels.ServerSocketChannel stale =
          java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
        stale.bind(java.net.UnixDomainSocketAddress.of(socket));
      }
      assertThat(socket).exists();

      Optional<AgentHandle> h = freshPorch().reattach(a.task(), lost.pid(), lost.started());
      assertThat(h).isPresent();
      Files.writeString(gate, "go");
      await(h.get());

      assertThat(log("a")).contains("fetched " + url + " 200 model answer");
      assertThat(socket).doesNotExist(); // the new proxy is closed with the agent's end
    } finally {
      model.stop(0);
    }
  }

  @Test
  void reattach_agentThatEndedWhileNoPorchRanIsDeliveredAtOnce() throws Exception {
    Workspace a = repo.worktree("a");
    Lost lost = launchEndedAndKillPorch(a); // it ended; nobody delivered
    assertThat(repo.git("rev-parse", "feature/a").trim()).isEqualTo(initial);
    assertThat(cellsOf("a")).hasSize(2); // the cell and its manifest

    Optional<AgentHandle> h = freshPorch().reattach(a.task(), lost.pid(), lost.started());

    assertThat(h).isEmpty();
    assertDelivered(lost);
    assertThat(log("a")).contains("its branch and report were delivered");
  }

  @Test
  void reattach_tamperedManifestOrStaleStatusDeliversNothingAndSaysWhy() throws Exception {
    Workspace a = repo.worktree("a");
    Workspace b = repo.worktree("b");
    Files.createDirectories(repo.root().resolve(".agent-status"));
    Path bStatus = Files.writeString(repo.root().resolve(".agent-status/b.json"), "{\"task\":\"b\"}");
    Lost lost = launchEndedAndKillPorch(a);
    Path manifest = manifestOf("a");
    byte[] genuine = Files.readAllBytes(manifest);
    String genuineStatus = Files.readString(lost.status());
    List<Consumer<ObjectNode>> tamperings = List.of(
        m -> m.put("branch", "feature/b"),
        m -> m.put("branch", "main"),
        m -> m.put("status_file", bStatus.toString()),
        m -> m.put("worktree", b.path().toString()),
        m -> m.put("worktree", dir.resolve("elsewhere").toString()),
        m -> m.put("common", dir.resolve("other/.git").toString()),
        m -> m.put("task", "b"));
    List<String> whys = List.of("is not the task's (feature/a)", "is not the task's (feature/a)",
        "its status file " + bStatus, "its worktree " + b.path(), "is not under", "is not the repository's",
        "names task 'b'");

    for (int i = 0; i < tamperings.size(); i++) {
      ObjectNode m = (ObjectNode) JSON.readTree(genuine);
      tamperings.get(i).accept(m);
      Files.write(manifest, JSON.writeValueAsBytes(m));

      assertThat(freshPorch().reattach(a.task(), lost.pid(), lost.started())).isEmpty();

      assertThat(log("a")).as("tampering %d", i).contains("porch did not deliver").contains(whys.get(i));
      assertThat(repo.git("rev-parse", "feature/a", "feature/b", "main").trim().split("\n"))
          .containsOnly(initial);
      assertThat(lost.status()).hasContent(genuineStatus);
      assertThat(bStatus).hasContent("{\"task\":\"b\"}");
      assertThat(cellsOf("a")).as("a refused cell is kept").hasSize(2);
    }
    // a later attempt runs now (another process): the old cell must not overwrite its status or branch
    Files.write(manifest, genuine);
    String later = genuineStatus.replace("\"pid\": " + lost.pid(), "\"pid\": 1").replace("\"RUNNING\"", "\"RUNNING\",\n  \"attempt\": 2");
    Files.writeString(lost.status(), later);
    assertThat(freshPorch().reattach(a.task(), lost.pid(), lost.started())).isEmpty();
    assertThat(log("a")).contains("no longer says that this agent (process " + lost.pid() + ") is RUNNING");
    assertThat(lost.status()).hasContent(later);
    assertThat(repo.git("rev-parse", "feature/a").trim()).isEqualTo(initial);

    // the genuine manifest and status: delivered
    Files.writeString(lost.status(), genuineStatus);
    assertThat(freshPorch().reattach(a.task(), lost.pid(), lost.started())).isEmpty();
    assertDelivered(lost);
  }

  @Test
  void reattach_anotherProcessFindsNoCell() throws Exception {
    Workspace a = repo.worktree("a");
    Lost lost = launchEndedAndKillPorch(a);

    assertThat(freshPorch().reattach(a.task(), lost.pid(), lost.started().minusSeconds(30))).isEmpty();

    assertThat(repo.git("rev-parse", "feature/a").trim()).isEqualTo(initial);
    assertThat(cellsOf("a")).hasSize(2);
  }

  @Test
  void wrap_withRepositoryDeliversUnderEveryPolicy() throws Exception {
    Workspace a = repo.worktree("a");
    Lost lost = launchEndedAndKillPorch(a);
    AgentLauncher strictNow = Sandboxes.wrap(launches.fake("--exit", "0"), SandboxPolicy.STRICT,
        name -> SandboxNeeds.NONE, repo.root());

    assertThat(strictNow.reattach(a.task(), lost.pid(), lost.started())).isEmpty();

    assertDelivered(lost);
  }
}
