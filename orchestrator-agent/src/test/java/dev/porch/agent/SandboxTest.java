package dev.porch.agent;

import static dev.porch.agent.Launches.await;
import static dev.porch.agent.Launches.exitedZero;
import static dev.porch.agent.Launches.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.porch.agent.testing.GitRepo;
import dev.porch.agent.testing.Poll;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.SandboxPolicy;
import dev.porch.core.port.Workspace;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox for real: bwrap around the fake agent, a real process in a real git repository.
 * Skipped, with the probe's reason, where bwrap is missing or cannot make a sandbox (user namespaces
 * off); on Linux CI bwrap is installed by .ci/run.
 */
class SandboxTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Sandboxes.Availability sandbox;

  @TempDir Path dir;
  GitRepo repo;
  Launches launches;
  Path home;

  @BeforeAll
  static void probe() {
    sandbox = Sandboxes.availability();
  }

  @BeforeEach
  void setUp() throws IOException {
    Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().startsWith("linux"),
        "these tests check bwrap, the Linux sandbox (macOS's profile is checked as text)");
    Assumptions.assumeTrue(sandbox.available(), "no sandbox on this machine: " + sandbox.detail());
    repo = GitRepo.init(dir.resolve("repo"));
    launches = new Launches(repo.root());
    home = Files.createDirectories(dir.resolve("home"));
    Files.createDirectories(home.resolve(".ssh"));
  }

  @AfterEach
  void tearDown() {
    if (launches != null) {
      launches.close();
    }
  }

  private AgentLauncher sandboxed(SandboxPolicy policy, String... args) {
    return Sandboxes.wrap(launches.fake(args), policy, name -> SandboxNeeds.NONE);
  }

  private String log(Workspace ws) throws IOException {
    return Files.readString(repo.root().resolve(".agent-status/logs/" + ws.task() + ".log"), StandardCharsets.UTF_8);
  }

  @Test
  void worktree_writesOnlyItsOwnWorktreeAndBranch() throws Exception {
    Workspace a = repo.worktree("a");
    Workspace b = repo.worktree("b");
    String initial = repo.git("rev-parse", "main").trim();
    Path statusDir = Files.createDirectories(repo.root().resolve(".agent-status"));
    Path otherStatus = Files.writeString(statusDir.resolve("b.json"), "{\"task\":\"b\"}");
    Path outside = Path.of("/tmp", "porch-sandbox-outside-" + UUID.randomUUID());
    Path ssh = home.resolve(".ssh/x");
    AgentLauncher agents = sandboxed(SandboxPolicy.WORKTREE,
        "--try-write", "own.txt", "mine",
        "--try-write", repo.root().resolve("main.txt").toString(), "x",
        "--try-write", b.path().resolve("theirs.txt").toString(), "x",
        "--try-write", otherStatus.toString(), "tampered",
        "--try-write", ssh.toString(), "x",
        "--try-write", outside.toString(), "x",
        "--try-git", "add", "-A", ";",
        "--try-git", "commit", "-q", "-m", "own work", ";",
        "--try-git", "update-ref", "refs/heads/feature/b", "HEAD", ";",
        "--try-git", "update-ref", "refs/heads/main", "HEAD", ";",
        // git appends to an existing reflog even with reflogs off: refused too (without a reflog it would
        // move the private copy of feature/b, which porch throws away)
        "--try-git", "-c", "core.logAllRefUpdates=false", "update-ref", "refs/heads/feature/b", "HEAD", ";");

    exitedZero(agents.launch(request(a, "go").putAllEnvironment(Map.of("HOME", home.toString())).build()));

    String log = log(a);
    assertThat(log).contains("wrote own.txt");
    for (Path refused : List.of(repo.root().resolve("main.txt"), b.path().resolve("theirs.txt"), otherStatus, ssh,
        outside)) {
      assertThat(log).contains("refused " + refused + ": ").contains("Read-only file system");
    }
    assertThat(repo.root().resolve("main.txt")).doesNotExist();
    assertThat(b.path().resolve("theirs.txt")).doesNotExist();
    assertThat(otherStatus).hasContent("{\"task\":\"b\"}");
    assertThat(ssh).doesNotExist();
    assertThat(outside).doesNotExist();
    assertThat(a.path().resolve("own.txt")).hasContent("mine");
    // its commit is on its branch (moved by porch once the agent ended); the other refs did not move
    assertThat(repo.git("log", "-1", "--format=%s", "feature/a").trim()).isEqualTo("own work");
    assertThat(repo.git("rev-parse", "feature/b").trim()).isEqualTo(initial);
    assertThat(repo.git("rev-parse", "main").trim()).isEqualTo(initial);
    assertThat(log.split("git refused", -1)).hasSize(4); // feature/b, main, feature/b without reflogs
    Poll.until("the cell to be removed", Launches.WAIT, () -> {
      try (var cells = Files.list(repo.root().resolve(".agent-status/sandbox"))) {
        return cells.findAny().isEmpty();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void worktree_statusReportReachesItsOwnStatusFileThroughTheOutbox() throws Exception {
    Workspace a = repo.worktree("a");
    AgentLauncher agents = sandboxed(SandboxPolicy.WORKTREE, "--try-write", "own.txt", "mine",
        "--try-git", "add", "-A", ";", "--try-git", "commit", "-q", "-m", "work", ";", "--status", "COMPLETE", "done it");

    exitedZero(agents.launch(request(a, "go").build()));

    JsonNode status = JSON.readTree(repo.root().resolve(".agent-status/a.json").toFile());
    assertThat(status.get("status").asText()).isEqualTo("COMPLETE");
    assertThat(status.get("summary").asText()).isEqualTo("done it");
  }

  @Test
  void worktree_failedAgentsErrorNamesTheSandbox() throws Exception {
    Workspace a = repo.worktree("a");
    Path outside = repo.root().resolve("escape.txt");
    AgentLauncher agents = sandboxed(SandboxPolicy.WORKTREE, "--write", outside.toString(), "x");

    AgentOutcome o = await(agents.launch(request(a, "go").build()));

    assertThat(o.succeeded()).isFalse();
    assertThat(o.reason()).hasValueSatisfying(r -> assertThat(r)
        .contains("the sandbox (bwrap (worktree)) refused a write outside the agent's worktree")
        .contains("Read-only file system"));
    assertThat(outside).doesNotExist();
    assertThat(log(a)).contains("Read-only file system");
  }

  @Test
  void strict_cannotConnectToALoopbackPortTheTestOpened() throws Exception {
    Workspace a = repo.worktree("a");
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = server.getLocalPort();
      // without the sandbox the same agent connects: the port is really open
      Workspace plain = repo.worktree("plain");
      exitedZero(launches.fake("--try-connect", Integer.toString(port)).launch(request(plain, "go").build()));
      assertThat(log(plain)).contains("connected " + port);

      exitedZero(sandboxed(SandboxPolicy.STRICT, "--try-connect", Integer.toString(port)).launch(request(a, "go").build()));

      assertThat(log(a)).contains("refused connect " + port).doesNotContain("connected " + port);
    }
  }

  @Test
  void strict_reachesOnlyItsAllowListThroughTheProxy() throws Exception {
    Workspace a = repo.worktree("a");
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    java.util.concurrent.atomic.AtomicInteger otherRequests = new java.util.concurrent.atomic.AtomicInteger();
    HttpServer allowed = server(loopback, "hello from the allowed host", new java.util.concurrent.atomic.AtomicInteger());
    HttpServer other = server(loopback, "nobody should read this", otherRequests);
    try (ServerSocket echo = new ServerSocket(0, 50, loopback)) {
      Thread echoes = echo(echo);
      int ok = allowed.getAddress().getPort();
      int no = other.getAddress().getPort();
      SandboxNeeds needs = new SandboxNeeds(List.of(),
          List.of("127.0.0.1:" + ok, "127.0.0.1:" + echo.getLocalPort()), List.of());
      AgentLauncher agents = Sandboxes.wrap(launches.fake("--try-fetch", "http://127.0.0.1:" + ok + "/hi",
          "--try-fetch", "http://127.0.0.1:" + no + "/x", "--try-tunnel", "127.0.0.1:" + echo.getLocalPort(),
          "--try-tunnel", "127.0.0.1:" + no, "--try-connect", Integer.toString(ok)), SandboxPolicy.STRICT, n -> needs);

      exitedZero(agents.launch(request(a, "go").build()));

      String log = log(a);
      assertThat(log).contains("fetched http://127.0.0.1:" + ok + "/hi 200 hello from the allowed host")
          .contains("fetched http://127.0.0.1:" + no + "/x 403 porch sandbox: refused a connection to 127.0.0.1:" + no)
          .contains("tunnel 127.0.0.1:" + echo.getLocalPort() + " answered pong ping")
          .contains("tunnel refused 127.0.0.1:" + no + ": HTTP/1.1 403 Forbidden")
          // the bridge's own line in the log, whatever the agent prints of a refusal
          .containsPattern("(?m)^porch sandbox: refused a connection to 127.0.0.1:" + no + ", which is not in")
          // the allow-list is for the proxy: a direct connection still has no network
          .contains("refused connect " + ok);
      assertThat(otherRequests).hasValue(0);
      echoes.interrupt();
    } finally {
      allowed.stop(0);
      other.stop(0);
    }
  }

  @Test
  void strict_failedAgentsErrorNamesTheHostsTheProxyRefused() throws Exception {
    Workspace a = repo.worktree("a");
    SandboxNeeds needs = new SandboxNeeds(List.of(), List.of("api.example.invalid:443"), List.of());
    AgentLauncher agents = Sandboxes.wrap(launches.fake("--try-tunnel", "evil.example:443", "--exit", "1"),
        SandboxPolicy.STRICT, n -> needs);

    AgentOutcome o = await(agents.launch(request(a, "go").build()));

    assertThat(o.succeeded()).isFalse();
    assertThat(o.reason()).hasValueSatisfying(r -> assertThat(r).contains(
        "the sandbox (bwrap (strict)) refused connections to evil.example:443, not in the profile's network allow-list"));
    assertThat(log(a)).contains("tunnel refused evil.example:443: HTTP/1.1 403 Forbidden");
  }

  private static HttpServer server(InetAddress at, String body, java.util.concurrent.atomic.AtomicInteger hits)
      throws IOException {
    HttpServer s = HttpServer.create(new java.net.InetSocketAddress(at, 0), 0);
    s.createContext("/", ex -> {
      hits.incrementAndGet();
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      try (var out = ex.getResponseBody()) {
        out.write(b);
      }
    });
    s.start();
    return s;
  }

  /** Answers each connection's first line with {@code pong <line>}. */
  private static Thread echo(ServerSocket server) {
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try (java.net.Socket s = server.accept()) {
          var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
          s.getOutputStream().write(("pong " + in.readLine() + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          return;
        }
      }
    }, "echo");
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Test
  void strict_cleanEnvironmentWithPrivateHome() throws Exception {
    Workspace a = repo.worktree("a");
    Path record = dir.resolve("record.json");
    String dropped = System.getenv().keySet().stream()
        .filter(k -> !k.startsWith("PORCH_") && !List.of("PATH", "LANG", "LC_ALL", "TERM", "HOME", "TMPDIR").contains(k))
        .findFirst().orElse(null);
    Assumptions.assumeTrue(dropped != null, "this JVM's environment has no variable a clean environment drops");
    // the record is written inside the worktree (the only place the agent may write), then read here
    AgentLauncher agents = sandboxed(SandboxPolicy.STRICT, "--record", "record.json");

    exitedZero(agents.launch(request(a, "go").putAllEnvironment(Map.of("FROM_REQUEST", "r")).build()));

    JsonNode env = JSON.readTree(a.path().resolve("record.json").toFile()).get("env");
    assertThat(env.has(dropped)).as("%s dropped", dropped).isFalse();
    assertThat(env.get("PATH").asText()).isEqualTo(System.getenv("PATH"));
    assertThat(env.get("FROM_REQUEST").asText()).isEqualTo("r");
    assertThat(env.get("PORCH_TASK").asText()).isEqualTo("a");
    assertThat(env.get("HOME").asText()).matches(".*\\.agent-status/sandbox/a\\.[0-9a-z]+/home")
        .isNotEqualTo(System.getProperty("user.home"));
    // git's identity and settings: the user's global config, read where it is (the build sets one)
    assertThat(env.get("GIT_CONFIG_GLOBAL").asText())
        .isEqualTo(Path.of(System.getenv("GIT_CONFIG_GLOBAL")).toAbsolutePath().toString());
    assertThat(record).doesNotExist();
  }

  @Test
  void cancel_stopsTheAgentAndItsChildrenInsideTheSandbox() throws Exception {
    for (SandboxPolicy policy : List.of(SandboxPolicy.WORKTREE, SandboxPolicy.STRICT)) {
      Workspace a = repo.worktree("c-" + policy.word());
      AgentHandle h = sandboxed(policy, "--arrive", "arrived", "--sleep", "60000").launch(request(a, "go").build());
      Path arrived = a.path().resolve("arrived").resolve(a.task() + ".arrived");
      Poll.until("the agent to start", Launches.WAIT, () -> Files.exists(arrived));
      ProcessHandle root = ProcessHandle.of(h.pid().orElseThrow()).orElseThrow();
      List<ProcessHandle> tree = root.descendants().toList();
      assertThat(tree).as("bwrap's children").isNotEmpty();

      h.cancel("test");

      assertThat(await(h).kind()).isEqualTo(AgentOutcome.Kind.CANCELLED);
      for (ProcessHandle p : tree) {
        p.onExit().get(Launches.WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(p.isAlive()).as("%s under %s", p, policy).isFalse();
      }
    }
  }

  @Test
  void wrap_offIsTheLauncherItself() {
    AgentProcesses plain = launches.fake("--exit", "0");
    assertThat(Sandboxes.wrap(plain, SandboxPolicy.OFF, name -> SandboxNeeds.NONE)).isSameAs(plain);
  }

}
