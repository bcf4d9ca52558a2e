package dev.porch.realcli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

  /** A repository with a broken add and a check that wants it fixed. */
  static Path calcRepo(Path dir) throws Exception {
    Path repo = dir.resolve("repo");
    Files.createDirectories(repo);
    git(repo, "init", "-q", "-b", "main");
    git(repo, "config", "user.name", "porch test");
    git(repo, "config", "user.email", "test@porch.invalid");
    Files.writeString(repo.resolve("calc.sh"), "#!/bin/sh\necho $(($1 - $2))\n");
    Files.writeString(repo.resolve("check.sh"),
        "#!/bin/sh\n[ \"$(./calc.sh 2 3)\" = 5 ] && echo '1 passed' || { echo '1 failed'; exit 1; }\n");
    for (String f : List.of("calc.sh", "check.sh")) {
      Files.setPosixFilePermissions(repo.resolve(f), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "calc with a bug");
    return repo;
  }

  static String git(Path dir, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("git %s: %s", String.join(" ", args), out).isZero();
    return out;
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
          "--agent", cli.profile(), "--prompt", "Fix the add function in calc.sh", "--test", "./check.sh");

      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.out()).contains("Decision: MERGE");
      assertThat(Files.readString(repo.resolve("calc.sh"))).as("main got the fix").contains("$1 + $2");
      String winner = r.out().contains("calc-1 wins") ? "calc-1" : "calc-2";
      assertThat(git(repo, "rev-parse", "main^2").strip()).as("what was judged is what was merged")
          .isEqualTo(git(repo, "rev-parse", "feature/" + winner).strip());
      JsonNode st = status(repo, env);
      for (String t : List.of("calc-1", "calc-2")) {
        JsonNode s = task(st, t);
        assertThat(s.path("session").asText()).as(t + " session").isNotBlank();
        assertThat(s.path("usage").path("input_tokens").asLong()).as(t + " tokens").isPositive();
      }
      assertThat(task(st, "calc-1").path("committed_by_porch").asBoolean()).isTrue();
    }
  }
}
