package dev.porch.realcli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real claude, codex and gemini, run by porch's own jar with porch's built-in profiles, against
 * the scripted model server: only the endpoint, the key and the CLI's config home come from the
 * test. This is how the real-agents work is proven: the agents' fixes reach main through porch.
 */
@Tag("real-cli")
class RealAgentsTest {
  static final String FIX = "sed -i 's/\\$1 - \\$2/$1 + $2/' calc.sh";
  static final Duration LIMIT = Duration.ofMinutes(4);
  static final ObjectMapper JSON = new ObjectMapper();

  static Stream<RealCli> clis() {
    return Stream.of(new ClaudeCli(), new CodexCli(), new GeminiCli());
  }

  /** A fresh folder outside /tmp (codex refuses a home there), owned by {@code user} when given. */
  static Path folder(String name) throws Exception {
    Path dir = Path.of("target", "real", name + "-" + System.nanoTime()).toAbsolutePath();
    Files.createDirectories(dir);
    return dir;
  }

  /** A repository with a broken add and a check that wants it fixed, in {@code dir/repo}. */
  static Path calcRepo(Path dir) throws Exception {
    return RealRepos.calcRepo(dir.resolve("repo"));
  }

  static String git(Path dir, String... args) throws Exception {
    return RealRepos.git(dir, args);
  }

  static Map<String, String> env(RealCli cli, ScriptedModelServer server, Path home) throws Exception {
    Files.createDirectories(home);
    Map<String, String> env = new LinkedHashMap<>(PorchProcess.baseEnvironment(home));
    env.putAll(cli.environment(server, home));
    return env;
  }

  static JsonNode status(Path repo, Map<String, String> env) throws Exception {
    PorchProcess.Result r = PorchProcess.run(repo, env, null, Duration.ofSeconds(60), "status", "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    return JSON.readTree(r.out());
  }

  static JsonNode task(JsonNode status, String name) {
    for (JsonNode t : status.get("tasks")) {
      if (t.get("task").asText().equals(name)) {
        return t;
      }
    }
    throw new AssertionError("no task " + name + " in " + status);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clis")
  void compete_oneAgentOnlyEditsOneCommits_mainGetsTheWinnersWork(RealCli cli) throws Exception {
    Path dir = folder(cli.profile() + "-compete");
    Path repo = calcRepo(dir);
    Scenario sc = Scenario.perTask(Map.of(
        "calc-1", List.of(new Step.Shell(FIX), new Step.Text("Fixed add; not committed.")),
        "calc-2", List.of(new Step.Shell(FIX + " && git add -A && git commit -qm 'fix add'"),
            new Step.Text("Fixed add and committed."))));
    try (ScriptedModelServer server = ScriptedModelServer.start(cli.wire(), sc)) {
      Map<String, String> env = env(cli, server, dir.resolve("home"));
      PorchProcess.Result r = PorchProcess.run(repo, env, null, LIMIT, "compete", "calc", "--agents", "2",
          "--agent", cli.profile(), "--prompt", "Fix the add function in calc.sh", "--test", "./check.sh", "--json");

      assertThat(r.code()).as(r.toString()).isZero();
      JsonNode report = JSON.readTree(r.out());
      assertThat(report.path("decision").path("verdict").asText()).as(r.toString()).isEqualTo("MERGE");
      assertThat(Files.readString(repo.resolve("calc.sh"))).as("main got the fix").contains("$1 + $2");
      String winner = report.path("decision").path("winner").asText();
      assertThat(git(repo, "rev-parse", "main^2").strip()).as("what was judged is what was merged")
          .isEqualTo(git(repo, "rev-parse", "feature/" + winner).strip());
      for (String t : List.of("calc-1", "calc-2")) {
        JsonNode s = task(report, t);
        assertThat(s.path("status").asText()).as(t).isEqualTo("COMPLETE");
        assertThat(s.path("session").asText()).as(t + " session").isNotBlank();
        assertThat(s.path("usage").path("input_tokens").asLong()).as(t + " tokens").isPositive();
        assertThat(s.path("evaluation").path("passed").asBoolean()).as(t + " judged on its commit").isTrue();
      }
      assertThat(task(report, "calc-1").path("committed_by_porch").asBoolean()).as("calc-1 only edited").isTrue();
      assertThat(report.path("totals").path("input_tokens").asLong()).isPositive();
    }
  }

  /**
   * Under {@code --sandbox strict} the agent's network namespace is empty but for porch's proxy,
   * which connects only to the profile's allow-list: here the scripted model server, added to the
   * profile in {@code .porch.json} with the variables the test gives the CLI. The CLI reaches its
   * model only if it honours {@code HTTPS_PROXY}/{@code HTTP_PROXY}; its commit reaches main through
   * the sandbox's private ref.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("clis")
  void strictSandbox_theAgentReachesItsModelThroughPorchsProxy_andItsFixReachesMain(RealCli cli) throws Exception {
    dev.porch.agent.Sandboxes.Availability sandbox = dev.porch.agent.Sandboxes.availability();
    org.junit.jupiter.api.Assumptions.assumeTrue(sandbox.available(), "no sandbox here: " + sandbox.detail());
    Path dir = folder(cli.profile() + "-strict");
    Path repo = calcRepo(dir);
    Scenario sc = Scenario.forAll(new Step.Shell(FIX + " && git add -A && git commit -qm 'fix add'"),
        new Step.Text("Fixed add and committed."));
    try (ScriptedModelServer server = ScriptedModelServer.start(cli.wire(), sc)) {
      Path home = dir.resolve("home");
      Map<String, String> env = env(cli, server, home);
      List<String> own = env.keySet().stream().filter(k -> {
        try {
          return !PorchProcess.baseEnvironment(home).containsKey(k);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }).toList();
      Files.writeString(repo.resolve(".porch.json"), JSON.writeValueAsString(Map.of("agents", Map.of(cli.profile(),
          Map.of("sandbox", Map.of("network", List.of("127.0.0.1:" + server.baseUrl().getPort()), "env", own))))));
      git(repo, "add", ".porch.json");
      git(repo, "commit", "-qm", "porch config");

      PorchProcess.Result r = PorchProcess.run(repo, env, null, LIMIT, "compete", "calc", "--agents", "2",
          "--agent", cli.profile(), "--prompt", "Fix the add function in calc.sh", "--test", "./check.sh",
          "--sandbox", "strict", "--json");

      Path logFile = repo.resolve(".agent-status/logs/calc-1.log");
      String log = Files.exists(logFile) ? Files.readString(logFile) : "(none)";
      assertThat(r.code()).as(r + "\nagent log:\n" + log).isZero();
      assertThat(log).contains("confined by bwrap (strict)");
      assertThat(JSON.readTree(r.out()).path("decision").path("verdict").asText()).as(r.toString()).isEqualTo("MERGE");
      assertThat(Files.readString(repo.resolve("calc.sh"))).as("main got the fix").contains("$1 + $2");
    }
  }

  /** Spawns one task and launches it, waiting in the background; returns porch's future result. */
  static CompletableFuture<PorchProcess.Result> launch(RealCli cli, Path repo, Map<String, String> env, String user) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        PorchProcess.Result spawn = PorchProcess.run(repo, env, user, Duration.ofSeconds(60), "spawn", "calc",
            "--agents", "1");
        assertThat(spawn.code()).as(spawn.toString()).isZero();
        return PorchProcess.run(repo, env, user, LIMIT, "launch", "calc-1", "--agent", cli.profile(), "--prompt",
            "Fix the add function in calc.sh", "--test", "./check.sh", "--wait");
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
  }

  /** Reads {@code porch status --json} until {@code task}'s entry satisfies {@code p}, or fails after a minute. */
  static JsonNode awaitStatus(Path repo, Map<String, String> env, String name,
      java.util.function.Predicate<JsonNode> p, CompletableFuture<?> porch) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < end && !porch.isDone()) {
      JsonNode st = status(repo, env);
      for (JsonNode t : st.path("tasks")) {
        if (t.path("task").asText().equals(name)) {
          last = t;
          if (p.test(t)) {
            return t;
          }
        }
      }
      try {
        porch.handle((x, e) -> null).get(300, TimeUnit.MILLISECONDS); // ends early when porch ends
      } catch (java.util.concurrent.TimeoutException stillRunning) {
        // read the status again
      }
    }
    throw new AssertionError("porch status never showed what was awaited for " + name + "; last: " + last
        + (porch.isDone() ? "; porch ended: " + porch.handle((x, e) -> x != null ? x : e).join() : ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clis")
  void rateLimit_isShownWhileTheCliRetries_thenTheWorkGoesOn(RealCli cli) throws Exception {
    Path dir = folder(cli.profile() + "-429");
    Path repo = calcRepo(dir);
    CompletableFuture<Void> release = new CompletableFuture<>();
    Scenario sc = Scenario.forAll(cli.error(429), new Step.Await(release, new Step.Shell(FIX)),
        new Step.Text("Fixed after the rate limit."));
    try (ScriptedModelServer server = ScriptedModelServer.start(cli.wire(), sc)) {
      Map<String, String> env = env(cli, server, dir.resolve("home"));
      CompletableFuture<PorchProcess.Result> porch = launch(cli, repo, env, null);
      try {
        JsonNode seen = awaitStatus(repo, env, "calc-1",
            t -> t.path("activity").asText().contains("rate limited"), porch);
        assertThat(seen.path("status").asText()).isEqualTo("RUNNING");
      } finally {
        release.complete(null);
      }
      PorchProcess.Result r = porch.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(r.code()).as(r.toString()).isZero();
      JsonNode done = task(status(repo, env), "calc-1");
      assertThat(done.path("status").asText()).isEqualTo("COMPLETE");
      assertThat(done.path("attempt").asInt()).as("the CLI's own retry was enough").isEqualTo(1);
      assertThat(done.path("tests").path("passed").asBoolean()).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clis")
  void unauthorized_isALoginFailure_stoppedAtOnceAndNeverRetried(RealCli cli) throws Exception {
    Path dir = folder(cli.profile() + "-401");
    Path repo = calcRepo(dir);
    Step[] always401 = new Step[30];
    java.util.Arrays.fill(always401, cli.error(401));
    try (ScriptedModelServer server = ScriptedModelServer.start(cli.wire(), Scenario.forAll(always401))) {
      Map<String, String> env = env(cli, server, dir.resolve("home"));
      long t0 = System.nanoTime();
      PorchProcess.Result r = launch(cli, repo, env, null).get(LIMIT.toSeconds(), TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);

      assertThat(r.code()).as(r.toString()).isEqualTo(1);
      JsonNode t = task(status(repo, env), "calc-1");
      assertThat(t.path("status").asText()).isEqualTo("FAILED");
      assertThat(t.path("attempt").asInt()).as("never retried").isEqualTo(1);
      String error = t.path("error").asText();
      assertThat(error).as("one line naming the profile and the fix").startsWith(cli.profile() + ": ")
          .doesNotContain("\n").containsAnyOf("API_KEY", "login", "Log in", "log in");
      assertThat(took).as("stopped at once, not after the CLI's own retries").isLessThan(Duration.ofSeconds(45));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clis")
  void porchRunningAsAnOrdinaryUser_getsTheAgentsWorkOntoMain(RealCli cli) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "switching to another user needs root");
    Path dir = folder(cli.profile() + "-user");
    Path repo = calcRepo(dir);
    Scenario sc = Scenario.forAll(new Step.Shell(FIX), new Step.Text("Fixed add."));
    try (ScriptedModelServer server = ScriptedModelServer.start(cli.wire(), sc)) {
      Map<String, String> env = env(cli, server, dir.resolve("home"));
      Process chown = new ProcessBuilder("chown", "-R", "nobody:", dir.toString()).inheritIO().start();
      assertThat(chown.waitFor(60, TimeUnit.SECONDS) && chown.exitValue() == 0).isTrue();
      PorchProcess.Result r = PorchProcess.run(repo, env, "nobody", LIMIT, "compete", "calc", "--agents", "2",
          "--agent", cli.profile(), "--prompt", "Fix the add function in calc.sh", "--test", "./check.sh", "--json");

      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(Files.readString(repo.resolve("calc.sh"))).as("main got the fix").contains("$1 + $2");
      assertThat(git(repo, "log", "-1", "--format=%s", "main")).startsWith("Merge calc-");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clis")
  void tell_resumesTheAgentsSession_andLogsShowsItsTranscript(RealCli cli) throws Exception {
    Path dir = folder(cli.profile() + "-tell");
    Path repo = calcRepo(dir);
    Scenario sc = Scenario.forAll(new Step.Shell(FIX), new Step.Text("Fixed add."),
        new Step.Shell("echo '# adds two numbers' >> calc.sh"), new Step.Text("Added the comment."));
    try (ScriptedModelServer server = ScriptedModelServer.start(cli.wire(), sc)) {
      Map<String, String> env = env(cli, server, dir.resolve("home"));
      PorchProcess.Result first = launch(cli, repo, env, null).get(LIMIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(first.code()).as(first.toString()).isZero();
      JsonNode done = task(status(repo, env), "calc-1");
      assertThat(done.path("status").asText()).isEqualTo("COMPLETE");
      String session = done.path("session").asText();
      assertThat(session).isNotBlank();

      PorchProcess.Result logs = PorchProcess.run(repo, env, null, Duration.ofSeconds(60), "logs", "calc-1");
      assertThat(logs.code()).as(logs.toString()).isZero();
      assertThat(logs.out()).as("a readable transcript, not the raw stream").contains("Fixed add.")
          .contains("calc.sh").doesNotContain("{\"type\"");

      PorchProcess.Result tell = PorchProcess.run(repo, env, null, LIMIT, "tell", "calc-1",
          "Also add a comment line above nothing else", "--test", "./check.sh", "--wait");
      assertThat(tell.code()).as(tell.toString()).isZero();
      JsonNode again = task(status(repo, env), "calc-1");
      assertThat(again.path("status").asText()).isEqualTo("COMPLETE");
      assertThat(again.path("attempt").asInt()).isEqualTo(2);
      RecordedRequest resumed = server.turns().get(server.turns().size() - 1);
      assertThat(resumed.body()).as("the resumed session carries the earlier turns")
          .contains("Fixed add.").contains("Also add a comment line");
      assertThat(git(repo, "show", "feature/calc-1:calc.sh")).contains("$1 + $2").contains("# adds two numbers");
    }
  }
}
