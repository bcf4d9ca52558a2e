package dev.porch.agent;

import static dev.porch.agent.Launches.await;
import static dev.porch.agent.Launches.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.agent.testing.FakeAgent;
import dev.porch.agent.testing.GitRepo;
import dev.porch.agent.testing.Poll;
import dev.porch.core.port.AgentActivity;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A launched agent's stream read live: activity, transcript, login failures, rate limits. */
class StreamLaunchTest {
  private static final String CLAUDE = "claude-stream-json";
  private static final String UNAUTHORIZED = "{\"type\":\"assistant\",\"message\":{\"id\":\"c7\",\"model\":\"<synthetic>\","
      + "\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Invalid API key · Fix external API key\"}]},"
      + "\"session_id\":\"s1\",\"error\":\"authentication_failed\"}";

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

  private AgentProcesses agents(String stream, AgentProfile.Login login, String... args) {
    AgentProfile p = new AgentProfile("fake", FakeAgent.command(args), false, Map.of(),
        List.of("(?i)\\b429\\b"), Optional.ofNullable(stream), AgentProfile.Sessions.NONE, login, List.of());
    return launches.open(AgentProcesses.builder(repo.root()).gracePeriod(Duration.ofSeconds(1))
        .profiles(AgentProfiles.of(List.of(p))));
  }

  private static Path fixture(String name) throws Exception {
    return Path.of(StreamLaunchTest.class.getResource("/dev/porch/agent/streams/" + name).toURI());
  }

  private static AgentProfile.Login login(String pattern) {
    return new AgentProfile.Login(List.of(), List.of(), List.of(pattern),
        Optional.of("run `claude` once or set ANTHROPIC_API_KEY"));
  }

  @Test
  void claudeStream_activityShowsSessionTokensAndCostBeforeTheAgentExits() throws Exception {
    Workspace ws = repo.folder("live");
    Path gate = dir.resolve("gate");
    AgentProcesses agents = agents(CLAUDE, AgentProfile.Login.NONE,
        "--emit", fixture("claude/several-tools.jsonl").toString(), "--stderr", "a warning on stderr",
        "--await", gate.toString());
    AgentHandle h = agents.launch(request(ws, "x").build());

    Poll.until("the result line's cost in activity()", Launches.WAIT,
        () -> h.activity().map(a -> a.usage().costUsd().isPresent()).orElse(false));
    AgentActivity a = h.activity().orElseThrow();
    assertThat(h.outcome()).isNotDone();
    List<String> lines = Files.readAllLines(fixture("claude/several-tools.jsonl"));
    JsonNode result = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    assertThat(a.session()).contains(result.path("session_id").asText());
    assertThat(a.usage().inputTokens()).isEqualTo(result.path("usage").path("input_tokens").asLong());
    assertThat(a.usage().outputTokens()).isEqualTo(result.path("usage").path("output_tokens").asLong());
    assertThat(a.usage().turns()).isEqualTo(result.path("num_turns").asInt());
    assertThat(a.usage().costUsd()).hasValue(result.path("total_cost_usd").asDouble());
    assertThat(a.lastMessage()).contains(result.path("result").asText());

    Files.writeString(gate, "");
    assertThat(await(h).succeeded()).isTrue();
    List<String> transcript = Files.readAllLines(agents.transcriptFile(ws.task()), StandardCharsets.UTF_8);
    assertThat(transcript.get(0)).startsWith("=== porch: task live, attempt 1,");
    assertThat(transcript).contains("> Bash: ./check.sh", "  = ok", result.path("result").asText(), "a warning on stderr");
    assertThat(transcript).anyMatch(l -> l.startsWith("> Bash: porch complete --summary"));
    assertThat(transcript).noneMatch(l -> l.startsWith("{"));
    assertThat(Files.readString(agents.logFile(ws.task()))).contains("\"type\":\"result\"");
  }

  @Test
  void loginFailureInTheStream_stopsTheWholeTreeAtOnce() throws Exception {
    Workspace ws = repo.folder("nokey");
    Path pids = dir.resolve("pids");
    AgentHandle h = agents(CLAUDE, login("(?i)invalid api key"), "--spawn-tree", pids.toString(), "60000",
        "--print", UNAUTHORIZED, "--await", dir.resolve("never").toString()).launch(request(ws, "x").build());

    AgentOutcome o = await(h);

    assertThat(o.kind()).isEqualTo(AgentOutcome.Kind.LOGIN_FAILED);
    assertThat(o.reason()).hasValue("fake: the API key was refused (Invalid API key · Fix external API key);"
        + " run `claude` once or set ANTHROPIC_API_KEY");
    assertThat(o.duration()).isLessThan(Duration.ofSeconds(30));
    for (String pid : Files.readAllLines(pids)) {
      ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(p -> p.onExit().orTimeout(20, TimeUnit.SECONDS).join());
    }
    assertThat(ProcessHandle.of(h.pid().getAsLong()).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(h.activity().flatMap(AgentActivity::notice)).contains("login failed: the API key was refused");
  }

  @Test
  void loginFailurePatternOnStandardError_plainProfile() {
    Workspace ws = repo.folder("plainkey");
    AgentHandle h = agents(null, login("Not logged in"), "--stderr", "Error: Not logged in · Please run /login",
        "--await", dir.resolve("never").toString()).launch(request(ws, "x").build());

    AgentOutcome o = await(h);

    assertThat(o.kind()).isEqualTo(AgentOutcome.Kind.LOGIN_FAILED);
    assertThat(o.reason()).hasValue("fake: it is not logged in (Error: Not logged in · Please run /login);"
        + " run `claude` once or set ANTHROPIC_API_KEY");
    assertThat(h.activity()).isEmpty();
  }

  @Test
  void loginWordsQuotedInsideTheStream_doNotStopTheAgent() throws Exception {
    Workspace ws = repo.folder("quoted");
    String quoted = "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
        + "\"tool_use_id\":\"t\",\"content\":\"grep: Invalid API key 401 Unauthorized\"}]}}";
    AgentHandle h = agents(CLAUDE, login("(?i)invalid api key"), "--print", quoted,
        "--emit", fixture("claude/fix-calc.jsonl").toString()).launch(request(ws, "x").build());

    AgentOutcome o = await(h);

    assertThat(o.succeeded()).as("outcome %s", o).isTrue();
    assertThat(o.rateLimited()).isFalse();
  }

  @Test
  void rateLimitInTheStream_thenExitNonZero_isRateLimited() throws Exception {
    Workspace ws = repo.folder("busy");
    AgentHandle h = agents(CLAUDE, AgentProfile.Login.NONE,
        "--emit", fixture("claude/rate-limit-give-up.jsonl").toString(), "--exit", "1").launch(request(ws, "x").build());

    AgentOutcome o = await(h);

    assertThat(o.kind()).isEqualTo(AgentOutcome.Kind.EXITED);
    assertThat(o.rateLimited()).isTrue();
    assertThat(o.reason()).hasValue("agent exited with code 1: API Error: Request rejected (429) · scripted 429 (rate_limit)");
    assertThat(o.logTail()).noneMatch(l -> l.startsWith("{"));
  }

  @Test
  void rateLimitNotice_whileTheCliRetries() throws Exception {
    Workspace ws = repo.folder("retrying");
    Path gate = dir.resolve("gate2");
    AgentHandle h = agents(CLAUDE, AgentProfile.Login.NONE,
        "--emit-lines", fixture("claude/rate-limit-then-success.jsonl").toString(), "0", "2",
        "--await", gate.toString()).launch(request(ws, "x").build());

    Poll.until("a rate-limit notice", Launches.WAIT,
        () -> h.activity().flatMap(AgentActivity::notice).isPresent());
    assertThat(h.activity().flatMap(AgentActivity::notice)).contains("rate limited (429); fake is retrying");
    Files.writeString(gate, "");
    assertThat(await(h).succeeded()).isTrue();
  }

  @Test
  void rateLimitOnStandardError_streamProfile_isANotice() throws Exception {
    Workspace ws = repo.folder("stderr429");
    Path gate = dir.resolve("gate3");
    AgentHandle h = agents("gemini-stream-json", AgentProfile.Login.NONE,
        "--emit-lines", fixture("gemini/rate-limit-then-ok.jsonl").toString(), "0", "2",
        "--stderr", "Attempt 1 failed with status 429. Retrying with backoff... _ApiError: {\"error\":{\"code\":429}}",
        "--await", gate.toString(), "--emit-lines", fixture("gemini/rate-limit-then-ok.jsonl").toString(), "2", "-1")
        .launch(request(ws, "x").build());

    Poll.until("a rate-limit notice", Launches.WAIT, () -> h.activity().flatMap(AgentActivity::notice).isPresent());
    assertThat(h.activity().flatMap(AgentActivity::notice)).contains("rate limited (429); fake is retrying");
    Files.writeString(gate, "");
    AgentOutcome o = await(h);
    assertThat(o.succeeded()).isTrue();
    assertThat(h.activity().flatMap(AgentActivity::notice)).isEmpty();
    assertThat(h.activity().flatMap(AgentActivity::lastMessage)).contains("Done after a 429.");
  }

  @Test
  void plainProfile_transcriptIsTheOutputLines() throws Exception {
    Workspace ws = repo.folder("plain");
    AgentProcesses agents = agents(null, AgentProfile.Login.NONE, "--print", "hello \u001b[31mred\u001b[0m",
        "--stderr", "oops");
    AgentHandle h = agents.launch(request(ws, "x").build());

    assertThat(await(h).succeeded()).isTrue();
    List<String> transcript = Files.readAllLines(agents.transcriptFile(ws.task()), StandardCharsets.UTF_8);
    assertThat(transcript.subList(1, transcript.size())).containsExactlyInAnyOrder("hello red", "oops");
    assertThat(h.activity()).isEmpty();
  }

  @Test
  void failedToStart_reasonIsInTheTranscriptToo() throws Exception {
    Workspace ws = repo.folder("missing");
    AgentProfile p = new AgentProfile("fake", List.of("no-such-program-porch-test"), false, Map.of(), List.of());
    AgentProcesses agents = launches.open(AgentProcesses.builder(repo.root()).profiles(AgentProfiles.of(List.of(p))));

    AgentOutcome o = await(agents.launch(request(ws, "x").build()));

    assertThat(o.kind()).isEqualTo(AgentOutcome.Kind.FAILED_TO_START);
    assertThat(Files.readString(agents.transcriptFile(ws.task()))).contains("could not start no-such-program-porch-test");
  }

  @Test
  void transcriptPlantedAsALink_isRefusedAndItsTargetUntouched() throws Exception {
    Workspace ws = repo.folder("linked");
    Path secret = Files.writeString(dir.resolve("secret.txt"), "secret");
    Path logs = Files.createDirectories(repo.root().resolve(".agent-status/logs"));
    Files.createSymbolicLink(logs.resolve("linked.transcript.log"), secret);
    AgentProcesses agents = agents(CLAUDE, AgentProfile.Login.NONE, "--print", "hi");

    AgentOutcome o = await(agents.launch(request(ws, "x").build()));

    assertThat(o.kind()).isEqualTo(AgentOutcome.Kind.FAILED_TO_START);
    assertThat(o.reason()).hasValueSatisfying(r -> assertThat(r).contains("linked.transcript.log", "symbolic link"));
    assertThat(secret).hasContent("secret");
  }
}
