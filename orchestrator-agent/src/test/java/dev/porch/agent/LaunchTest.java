package dev.porch.agent;

import static dev.porch.agent.Launches.await;
import static dev.porch.agent.Launches.exitedZero;
import static dev.porch.agent.Launches.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.agent.testing.FakeAgent;
import dev.porch.agent.testing.GitRepo;
import dev.porch.core.error.LaunchException;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchTest {
  static final String NASTY = "He said \"hi\" & 'bye'; $(touch pwned) `id` && echo %PATH% | x > y\n"
      + "second line\twith tab \\ back\\slash, é, 漢字, 😀 \"unbalanced\n-- --dangerous-flag\n";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  GitRepo repo;
  Launches launches;

  @BeforeEach
  void setUp() {
    repo = GitRepo.init(dir);
    launches = new Launches(repo.root());
  }

  @AfterEach
  void tearDown() {
    launches.close();
  }

  private AgentProcesses bare(List<String> command, boolean stdin) {
    return launches.open(AgentProcesses.builder(repo.root()).template(PromptTemplate.of("{instructions}"))
        .profiles(AgentProfiles.of(List.of(new AgentProfile("fake", command, stdin, Map.of("FROM_PROFILE", "p"), List.of())))));
  }

  private static List<String> with(List<String> base, String... more) {
    List<String> out = new ArrayList<>(base);
    out.addAll(List.of(more));
    return out;
  }

  @Test
  void launch_promptReachesAgentAsOneArgumentByteForByte() throws Exception {
    Workspace ws = repo.folder("nasty");
    Path record = dir.resolve("record.json");
    AgentProcesses agents = bare(with(FakeAgent.command("--record", record.toString(), "--prompt"), "{prompt}"), false);

    exitedZero(agents.launch(request(ws, NASTY).build()));

    JsonNode argv = JSON.readTree(record.toFile()).get("argv");
    assertThat(argv.get(argv.size() - 1).asText()).isEqualTo(NASTY);
    assertThat(argv.get(argv.size() - 2).asText()).isEqualTo("--prompt");
    assertThat(ws.path().resolve("pwned")).doesNotExist();
  }

  @Test
  void launch_promptFileAndStdinCarryThePromptByteForByte() throws Exception {
    Workspace ws = repo.folder("files");
    Path record = dir.resolve("record.json");
    AgentProcesses agents = bare(FakeAgent.command("--record-file", record.toString(), "{prompt_file}"), true);

    exitedZero(agents.launch(request(ws, NASTY).build()));

    JsonNode r = JSON.readTree(record.toFile());
    byte[] expected = NASTY.getBytes(StandardCharsets.UTF_8);
    assertThat(Base64.getDecoder().decode(r.get("file").asText())).isEqualTo(expected);
    assertThat(Base64.getDecoder().decode(r.get("stdin").asText())).isEqualTo(expected);
    assertThat(Files.readAllBytes(agents.promptFile(ws.task()))).isEqualTo(expected);
  }

  @Test
  void launch_setsEnvironmentWorkingDirectoryAndClosesStdin() throws Exception {
    Workspace ws = repo.worktree("env-1");
    Path record = dir.resolve("record.json");
    AgentProcesses agents = bare(FakeAgent.command("--record", record.toString()), false);

    exitedZero(agents.launch(request(ws, "do it").role("implementer").putEnvironment("EXTRA", "x")
        .putEnvironment("PORCH_TASK", "spoofed").build()));

    JsonNode r = JSON.readTree(record.toFile());
    JsonNode env = r.get("env");
    assertThat(env.get("PORCH_TASK").asText()).isEqualTo("env-1");
    assertThat(env.get("PORCH_WORKTREE").asText()).isEqualTo(ws.path().toString());
    assertThat(env.get("PORCH_BRANCH").asText()).isEqualTo("feature/env-1");
    assertThat(env.get("PORCH_BASE").asText()).isEqualTo("main");
    assertThat(env.get("PORCH_PORT").asText()).isEqualTo("3100");
    assertThat(env.get("PORCH_ROLE").asText()).isEqualTo("implementer");
    assertThat(env.get("PORCH_STATUS_FILE").asText())
        .isEqualTo(repo.root().resolve(".agent-status/env-1.json").toString());
    assertThat(env.get("EXTRA").asText()).isEqualTo("x");
    assertThat(env.get("FROM_PROFILE").asText()).isEqualTo("p");
    assertThat(Path.of(r.get("cwd").asText()).toRealPath()).isEqualTo(ws.path().toRealPath());
    assertThat(r.get("stdin").asText()).isEmpty();
  }

  @Test
  void launch_rendersTheSeedTemplateAndSavesIt() throws Exception {
    Workspace ws = repo.folder("tmpl");
    AgentProcesses agents = launches.fake();

    AgentHandle h = agents.launch(request(ws, "Build the {thing}.").build());
    exitedZero(h);

    String prompt = Files.readString(agents.promptFile(ws.task()));
    assertThat(prompt).startsWith("## Task: tmpl\n")
        .contains("**Worktree:** " + ws.path())
        .contains("**Branch:** feature/tmpl")
        .contains("### Instructions\nBuild the {thing}.\n")
        .contains("porch complete --summary")
        .contains(repo.root().resolve(".agent-status/tmpl.json").toString())
        .contains("RESULTS.md");
    try (var files = Files.list(agents.promptFile(ws.task()).getParent())) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void launch_appendsOutputToTheLogWithAHeaderPerAttempt() throws Exception {
    Workspace ws = repo.folder("logged");
    AgentProcesses agents = launches.fake("--print", "out line", "--stderr", "err line");

    exitedZero(agents.launch(request(ws, "secret prompt text").build()));
    AgentOutcome second = exitedZero(agents.launch(request(ws, "secret prompt text").attempt(2).build()));

    String log = Files.readString(agents.logFile(ws.task()));
    assertThat(log).contains("attempt 1", "attempt 2", "program java", "out line", "err line")
        .doesNotContain("secret prompt text");
    assertThat(log.indexOf("attempt 2")).isGreaterThan(log.indexOf("out line"));
    assertThat(second.logTail()).contains("out line", "err line");
  }

  @Test
  void launch_reportsExitCode() {
    Workspace ws = repo.folder("code");
    AgentOutcome o = await(launches.fake("--exit", "7").launch(request(ws, "x").build()));

    assertThat(o.kind()).isEqualTo(AgentOutcome.Kind.EXITED);
    assertThat(o.exitCode()).hasValue(7);
    assertThat(o.rateLimited()).isFalse();
  }

  @Test
  void launch_flagsRateLimitedFailuresUntilTheAgentSucceeds() {
    Workspace ws = repo.folder("limited");
    Path counter = dir.resolve("counter");
    AgentProcesses agents = launches.fake("--rate-limit", counter.toString(), "2");

    AgentOutcome first = await(agents.launch(request(ws, "x").build()));
    AgentOutcome second = await(agents.launch(request(ws, "x").attempt(2).build()));
    AgentOutcome third = await(agents.launch(request(ws, "x").attempt(3).build()));

    assertThat(first.rateLimited()).isTrue();
    assertThat(first.exitCode()).hasValue(1);
    assertThat(second.rateLimited()).isTrue();
    assertThat(third.succeeded()).isTrue();
    assertThat(third.rateLimited()).isFalse();
  }

  @Test
  void launch_missingProgramFailsToStart() throws Exception {
    Workspace ws = repo.folder("missing");
    AgentProcesses agents = launches.open(AgentProcesses.builder(repo.root())
        .customCommand(List.of("porch-no-such-agent-program", "{prompt}")));

    AgentHandle h = agents.launch(request(ws, "x", "custom").build());

    AgentOutcome o = await(h);
    assertThat(o.kind()).isEqualTo(AgentOutcome.Kind.FAILED_TO_START);
    assertThat(o.reason()).hasValue("custom: could not start porch-no-such-agent-program: it is not installed or not on"
        + " the PATH; install it, or point agents.custom.command in .porch.json at it (porch doctor checks every profile)");
    assertThat(Files.readString(agents.logFile(ws.task()))).contains("could not start");
  }

  @Test
  void launch_unknownProfile() {
    Workspace ws = repo.folder("unknown");
    AgentProcesses agents = launches.fake();

    assertThatThrownBy(() -> agents.launch(request(ws, "x", "nope").build()))
        .isInstanceOf(LaunchException.class).hasMessageContaining("'nope'")
        .satisfies(e -> assertThat(((LaunchException) e).hints().get(0)).contains("claude", "fake"));
  }

  @Test
  void launch_customWithoutCommand() {
    Workspace ws = repo.folder("custom");
    AgentProcesses agents = launches.fake();

    assertThatThrownBy(() -> agents.launch(request(ws, "x", "custom").build()))
        .isInstanceOf(LaunchException.class).hasMessageContaining("has no command");
  }

  @Test
  void launch_agentEditsCommitsWritesStatusAndResults() throws Exception {
    Workspace ws = repo.worktree("worker-1");
    AgentProcesses agents = launches.fake("--write", "src/Hello.txt", "hello", "--results", "# Results\nDone.",
        "--commit", "Add hello", "--status", "COMPLETE", "added hello");

    AgentHandle h = agents.launch(request(ws, "add hello").build());
    assertThat(h.pid()).isPresent();
    assertThat(h.processStarted()).isPresent();
    exitedZero(h);

    assertThat(GitRepo.gitIn(ws.path(), "log", "--format=%s", "main..feature/worker-1")).isEqualTo("Add hello\n");
    JsonNode status = JSON.readTree(repo.root().resolve(".agent-status/worker-1.json").toFile());
    assertThat(status.get("status").asText()).isEqualTo("COMPLETE");
    assertThat(status.get("branch").asText()).isEqualTo("feature/worker-1");
    assertThat(ws.path().resolve("RESULTS.md")).hasContent("# Results\nDone.");
  }

  @Test
  void launch_afterClose() {
    AgentProcesses agents = launches.fake();
    agents.close();

    assertThatThrownBy(() -> agents.launch(request(repo.folder("late"), "x").build()))
        .isInstanceOf(IllegalStateException.class);
  }
}
