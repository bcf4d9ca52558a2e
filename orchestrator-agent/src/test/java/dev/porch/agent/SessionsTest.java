package dev.porch.agent;

import static dev.porch.agent.Launches.exitedZero;
import static dev.porch.agent.Launches.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.agent.testing.FakeAgent;
import dev.porch.agent.testing.GitRepo;
import dev.porch.core.error.LaunchException;
import dev.porch.core.port.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Follow-ups (resume a session, or start anew with the previous summary) and attach, with the fake agent. */
class SessionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  GitRepo repo;
  Launches launches;
  Path record;

  @BeforeEach
  void setUp() {
    repo = GitRepo.init(dir);
    launches = new Launches(repo.root());
    record = dir.resolve("record.json");
  }

  @AfterEach
  void tearDown() {
    launches.close();
  }

  private static List<String> with(List<String> base, String... more) {
    List<String> out = new ArrayList<>(base);
    out.addAll(List.of(more));
    return out;
  }

  /** A profile "fake" whose normal command records with --prompt {prompt} and whose resume command records too. */
  private AgentProcesses agents(boolean resumable, List<String> interactive, List<String> interactiveResume) {
    List<String> normal = with(FakeAgent.command("--record", record.toString()), "--prompt", "{prompt}");
    List<String> resume = resumable
        ? with(FakeAgent.command("--record", record.toString()), "--resume", "{session}", "{prompt}") : List.of();
    AgentProfile p = new AgentProfile("fake", normal, false, Map.of(), List.of(), Optional.empty(),
        new AgentProfile.Sessions(resume, interactive, interactiveResume), AgentProfile.Login.NONE, List.of());
    return launches.open(AgentProcesses.builder(repo.root()).profiles(AgentProfiles.builtIn().with(p)));
  }

  private List<String> argv() throws Exception {
    List<String> out = new ArrayList<>();
    JSON.readTree(record.toFile()).get("argv").forEach(a -> out.add(a.asText()));
    return out;
  }

  @Test
  void launch_resumesTheSessionWithTheMessageAsItIs() throws Exception {
    Workspace ws = repo.folder("t");
    AgentProcesses agents = agents(true, List.of(), List.of());
    exitedZero(agents.launch(request(ws, "now add tests").attempt(2).resumeSession("abc-123")
        .previousAttempt("COMPLETE: built it").build()));
    assertThat(argv()).endsWith("--resume", "abc-123", "now add tests");
    assertThat(agents.logFile(ws.task())).content().contains("attempt 2").contains("resuming session abc-123");
  }

  @Test
  void launch_withoutSessionStartsAnewWithThePreviousSummary() throws Exception {
    Workspace ws = repo.folder("t");
    AgentProcesses agents = agents(true, List.of(), List.of());
    exitedZero(agents.launch(request(ws, "now add tests").attempt(2).previousAttempt("COMPLETE: built it").build()));
    List<String> argv = argv();
    assertThat(argv).doesNotContain("--resume");
    String prompt = argv.get(argv.size() - 1);
    assertThat(prompt).contains("follow-up on the same worktree").contains("COMPLETE: built it")
        .contains("now add tests").contains("porch complete");
    assertThat(agents.logFile(ws.task())).content().contains("new session (no resumable session)");
  }

  @Test
  void launch_profileWithoutResumeStartsAnew() throws Exception {
    Workspace ws = repo.folder("t");
    AgentProcesses agents = agents(false, List.of(), List.of());
    exitedZero(agents.launch(request(ws, "more").resumeSession("abc").previousAttempt("FAILED: x").build()));
    assertThat(argv()).doesNotContain("--resume", "abc");
    assertThat(agents.logFile(ws.task())).content().contains("new session (profile fake cannot resume sessions)");
  }

  @Test
  void launch_sessionThatLooksLikeAnOptionIsNotPassedOn() throws Exception {
    Workspace ws = repo.folder("t");
    AgentProcesses agents = agents(true, List.of(), List.of());
    exitedZero(agents.launch(request(ws, "more").resumeSession("--dangerously-skip-permissions").build()));
    assertThat(argv()).doesNotContain("--resume", "--dangerously-skip-permissions");
    assertThat(agents.logFile(ws.task())).content().contains("the recorded session id is not usable");
  }

  @Test
  void attach_runsInteractiveResumeWithTheSessionAndReturnsItsExitCode() throws Exception {
    Workspace ws = repo.folder("t");
    AgentProcesses agents = agents(true, FakeAgent.command("--exit", "3"),
        FakeAgent.command("--args", record.toString(), "--write", "session.txt", "{session}", "--exit", "7"));
    int code = agents.attach(request(ws, "interactive").resumeSession("s-9").build());
    assertThat(code).isEqualTo(7);
    // the terminal is inherited (surefire's stdout here), so this fake prints nothing
    assertThat(argv()).containsSequence("--write", "session.txt", "s-9");
    JsonNode env = JSON.readTree(record.toFile()).get("env");
    assertThat(env.get("PORCH_TASK").asText()).isEqualTo("t");
    assertThat(JSON.readTree(record.toFile()).get("cwd").asText()).isEqualTo(ws.path().toRealPath().toString());
  }

  @Test
  void attach_withoutSessionRunsInteractive() {
    Workspace ws = repo.folder("t");
    AgentProcesses agents = agents(true, FakeAgent.command("--exit", "3"), FakeAgent.command("--exit", "7"));
    assertThat(agents.attach(request(ws, "interactive").build())).isEqualTo(3);
  }

  @Test
  void attach_profileWithoutInteractiveCommand() {
    Workspace ws = repo.folder("t");
    AgentProcesses agents = agents(true, List.of(), List.of());
    assertThatThrownBy(() -> agents.attach(request(ws, "interactive").build()))
        .isInstanceOf(LaunchException.class).hasMessageContaining("has no interactive command");
  }

  @Test
  void attach_programMissing() {
    Workspace ws = repo.folder("t");
    AgentProcesses agents = agents(true, List.of("/nonexistent/agent-cli"), List.of());
    assertThatThrownBy(() -> agents.attach(request(ws, "interactive").build()))
        .isInstanceOf(LaunchException.class).hasMessageContaining("could not start");
  }

  @Test
  void attach_unknownProfile() {
    Workspace ws = repo.folder("t");
    AgentProcesses agents = agents(true, FakeAgent.command("--exit", "3"), List.of());
    assertThatThrownBy(() -> agents.attach(request(ws, "interactive", "nope").build()))
        .isInstanceOf(LaunchException.class).hasMessageContaining("no agent profile 'nope'");
  }

  @Test
  void attach_interruptedStopsTheAgent() throws Exception {
    Workspace ws = repo.folder("t");
    Path pidFile = dir.resolve("pids");
    AgentProcesses agents = agents(true, FakeAgent.command("--spawn-tree", pidFile.toString(), "60000", "--sleep",
        "60000"), List.of());
    java.util.concurrent.CompletableFuture<Throwable> thrown = new java.util.concurrent.CompletableFuture<>();
    Thread waiter = new Thread(() -> {
      try {
        agents.attach(request(ws, "interactive").build());
        thrown.complete(null);
      } catch (RuntimeException e) {
        thrown.complete(e);
      }
    }, "attach-test");
    waiter.start();
    dev.porch.agent.testing.Poll.until("the agent's children", java.time.Duration.ofSeconds(60),
        () -> java.nio.file.Files.exists(pidFile) && lines(pidFile) >= 2);
    waiter.interrupt();
    assertThat(thrown.get(60, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(dev.porch.core.error.PorchException.class)
        .hasMessageContaining("interrupted");
    for (String pid : java.nio.file.Files.readAllLines(pidFile)) {
      ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(h ->
          h.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join());
    }
  }

  private static long lines(Path p) {
    try {
      return java.nio.file.Files.readAllLines(p).size();
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  @Test
  void attach_closedLauncher() {
    Workspace ws = repo.folder("t");
    AgentProcesses agents = agents(true, FakeAgent.command("--exit", "3"), List.of());
    agents.close();
    assertThatThrownBy(() -> agents.attach(request(ws, "interactive").build())).isInstanceOf(IllegalStateException.class);
  }
}
