package dev.porch.realcli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Gemini CLI 0.61.0, run directly (not through porch) in a small git project against the
 * scripted Gemini API, with the command line proposed for porch's built-in profile. Each run's
 * stream-json output is kept under {@code target/real-cli-streams/gemini/} (fixtures are copied
 * from there).
 */
@Tag("real-cli")
class GeminiDirectTest {
  private static final Duration LIMIT = Duration.ofMinutes(3);
  private static final String PROMPT = "## Task: calc-1\nFix calc.sh so that ./check.sh passes, then commit.";
  /** What porch's profile adds to the agent's environment (see findings/gemini.md). */
  static final Map<String, String> PROFILE_ENV = Map.of();
  /**
   * The commit identity porch must pass in the environment: Gemini CLI's shell tool runs every
   * command with GIT_CONFIG_GLOBAL=/dev/null, so ~/.gitconfig (user.name, user.email) is never read.
   */
  static final Map<String, String> IDENTITY = Map.of("GIT_AUTHOR_NAME", "Agent", "GIT_AUTHOR_EMAIL", "agent@example.com",
      "GIT_COMMITTER_NAME", "Agent", "GIT_COMMITTER_EMAIL", "agent@example.com");

  @TempDir Path tmp;
  private Path home;
  private Path repo;
  private final GeminiCli cli = new GeminiCli();

  @BeforeEach
  void project() throws Exception {
    home = Files.createDirectories(tmp.resolve("home"));
    repo = Files.createDirectories(tmp.resolve("repo"));
    Files.writeString(home.resolve(".gitconfig"), "[user]\n\tname = Agent\n\temail = agent@example.com\n");
    Path bin = Files.createDirectories(home.resolve("bin"));
    // a stand-in porch on PATH: the agent's `porch complete --summary ...` leaves a file behind
    script(bin.resolve("porch"), "#!/bin/sh\nprintf '%s\\n' \"$*\" > \"$HOME/porch-called.txt\"\n");
    script(repo.resolve("calc.sh"), "#!/bin/sh\necho $(($1 - $2))\n");
    script(repo.resolve("check.sh"), "#!/bin/sh\n[ \"$(./calc.sh 2 3)\" = 5 ] && echo ok || { echo FAIL; exit 1; }\n");
    git(repo, "init", "-q", "-b", "main");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "init");
  }

  @Test
  void shellStep_fixesTheFile_andTheStreamSaysSo() throws Exception {
    try (ScriptedModelServer server = server(Step.shell("sed -i s/-/+/ calc.sh"), Step.text("Fixed calc.sh."))) {
      CliRun run = gemini(server, repo, "-p", PROMPT).keep("gemini", "fix");
      assertThat(run.code()).as(run.toString()).isZero();
      assertThat(Files.readString(repo.resolve("calc.sh"))).contains("$1 + $2");
      JsonNode init = run.events("init").get(0);
      assertThat(init.path("session_id").asText()).matches("[0-9a-f-]{36}");
      assertThat(run.events("tool_use")).singleElement()
          .satisfies(e -> assertThat(e.path("tool_name").asText()).isEqualTo(GeminiWire.SHELL_TOOL));
      assertThat(run.events("tool_result")).singleElement()
          .satisfies(e -> assertThat(e.path("status").asText()).isEqualTo("success"));
      JsonNode result = run.events("result").get(0);
      assertThat(result.path("status").asText()).isEqualTo("success");
      assertThat(result.path("stats").path("input_tokens").asInt()).isPositive();
      assertThat(result.path("stats").path("output_tokens").asInt()).isPositive();
      assertThat(server.turns()).hasSize(2);
    }
  }

  @Test
  void linkedWorktree_commitLands_andPorchCompleteRuns() throws Exception {
    git(repo, "worktree", "add", "-q", ".worktrees/t1", "-b", "feature/t1");
    Path wt = repo.resolve(".worktrees/t1");
    try (ScriptedModelServer server = server(Step.shell("sed -i s/-/+/ calc.sh"), Step.shell("./check.sh"),
        Step.shell("git add -A && git commit -m fix"), Step.shell("porch complete --summary 'fixed calc'"),
        Step.text("Committed the fix."))) {
      CliRun run = gemini(server, wt, "-p", PROMPT).keep("gemini", "tools");
      assertThat(run.code()).as(run.toString()).isZero();
      assertThat(git(repo, "log", "-1", "--format=%s", "feature/t1")).isEqualTo("fix");
      assertThat(git(wt, "status", "--porcelain")).isEmpty();
      assertThat(Files.readString(home.resolve("porch-called.txt"))).contains("complete --summary fixed calc");
      assertThat(run.events("tool_result")).hasSize(4)
          .allSatisfy(e -> assertThat(e.path("status").asText()).isEqualTo("success"));
    }
  }

  @Test
  void ownEditTools_andAnUnknownTool() throws Exception {
    try (ScriptedModelServer server = server(
        new Step.ToolCall("read_file", "{\"file_path\":\"calc.sh\"}"),
        new Step.ToolCall("replace", "{\"file_path\":\"calc.sh\",\"instruction\":\"add, not subtract\","
            + "\"old_string\":\"$1 - $2\",\"new_string\":\"$1 + $2\"}"),
        new Step.ToolCall("no_such_tool", "{}"),
        Step.text("Edited calc.sh."))) {
      CliRun run = gemini(server, repo, "-p", PROMPT).keep("gemini", "edit-tools");
      assertThat(run.code()).as(run.toString()).isZero();
      assertThat(Files.readString(repo.resolve("calc.sh"))).contains("$1 + $2");
      assertThat(run.events("tool_result")).extracting(e -> e.path("status").asText())
          .containsExactly("success", "success", "error");
    }
  }

  @Test
  void shellTool_hidesTheGlobalGitConfig_butPassesTheEnvironment() throws Exception {
    try (ScriptedModelServer server = server(Step.shell("git config user.name || echo no-name; echo task=$PORCH_TASK"),
        Step.text("Looked."))) {
      Map<String, String> extra = Map.of("PORCH_TASK", "calc-1");
      CliRun run = gemini(server, repo, extra, "-p", PROMPT);
      assertThat(run.code()).as(run.toString()).isZero();
      // ~/.gitconfig names "Agent", yet the tool's git sees GIT_CONFIG_GLOBAL=/dev/null
      assertThat(run.events("tool_result").get(0).path("output").asText()).isEqualTo("no-name\ntask=calc-1");
    }
  }

  @Test
  void rateLimit429_isRetried_thenSucceeds() throws Exception {
    try (ScriptedModelServer server = server(googleError(429, "RESOURCE_EXHAUSTED", "Quota exceeded."), Step.text("Done after a 429."))) {
      CliRun run = gemini(server, repo, "-p", PROMPT).keep("gemini", "rate-limit-then-ok");
      assertThat(run.code()).as(run.toString()).isZero();
      assertThat(run.err()).contains("Attempt 1 failed with status 429. Retrying with backoff...");
      assertThat(server.turns()).hasSize(2);
      assertThat(run.events("result").get(0).path("status").asText()).isEqualTo("success");
    }
  }

  @Test
  void unauthorized401_failsFast_withTheStatusAsExitCode() throws Exception {
    try (ScriptedModelServer server = server(googleError(401, "UNAUTHENTICATED", "API key not valid."))) {
      CliRun run = gemini(server, repo, "-p", PROMPT).keep("gemini", "unauthorized");
      // the CLI exits with the HTTP status (401 & 0xff = 145) and does not retry a 401
      assertThat(run.code()).as(run.toString()).isEqualTo(145);
      assertThat(server.turns()).hasSize(1);
      JsonNode result = run.events("result").get(0);
      assertThat(result.path("status").asText()).isEqualTo("error");
      assertThat(result.path("error").path("message").asText())
          .isEqualTo("[API Error: {\"error\":{\"code\":401,\"message\":\"API key not valid.\",\"status\":\"UNAUTHENTICATED\"}}]");
      assertThat(run.took()).isLessThan(Duration.ofSeconds(90));
    }
  }

  @Test
  void truncatedStream_endsTheRunWithAnError_notRetried() throws Exception {
    try (ScriptedModelServer server = server(new Step.Truncated("I will fix"), Step.text("Recovered."))) {
      CliRun run = gemini(server, repo, "-p", PROMPT).keep("gemini", "truncated");
      assertThat(run.code()).as(run.toString()).isEqualTo(1);
      assertThat(server.turns()).hasSize(1);
      assertThat(run.events("message")).last()
          .satisfies(e -> assertThat(e.path("content").asText()).isEqualTo("I will fix"));
      JsonNode result = run.events("result").get(0);
      assertThat(result.path("status").asText()).isEqualTo("error");
      assertThat(result.path("error").path("message").asText()).isEqualTo("[API Error: terminated]");
    }
  }

  @Test
  void resume_sendsTheEarlierTurns() throws Exception {
    try (ScriptedModelServer server = server(Step.shell("sed -i s/-/+/ calc.sh"), Step.text("Fixed calc.sh."),
        Step.text("Yes, it was the minus sign."))) {
      CliRun first = gemini(server, repo, "-p", PROMPT);
      assertThat(first.code()).as(first.toString()).isZero();
      String session = first.events("init").get(0).path("session_id").asText();
      CliRun second = gemini(server, repo, "--resume", session, "-p", "Was it the minus sign?").keep("gemini", "resume");
      assertThat(second.code()).as(second.toString()).isZero();
      assertThat(second.events("init").get(0).path("session_id").asText()).isEqualTo(session);
      List<RecordedRequest> turns = server.turns();
      assertThat(turns).hasSize(3);
      JsonNode contents = turns.get(2).json().path("contents");
      assertThat(contents.toString()).contains("Task: calc-1").contains("sed -i s/-/+/ calc.sh")
          .contains("Fixed calc.sh.").contains("Was it the minus sign?");
      assertThat(turns.get(2).conversation()).isEqualTo("calc-1");
    }
  }

  /** An error with the body the Gemini API sends ({@code google.rpc.Status}). */
  private static Step googleError(int code, String status, String message) {
    return new Step.HttpError(code, "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\"}}");
  }

  private ScriptedModelServer server(Step... steps) throws IOException {
    return ScriptedModelServer.start(cli.wire(), Scenario.forAll(steps));
  }

  /** Runs {@code gemini --yolo --skip-trust -o stream-json ARGS} in {@code cwd}, as porch's profile would. */
  private CliRun gemini(ScriptedModelServer server, Path cwd, String... args) throws Exception {
    return gemini(server, cwd, IDENTITY, args);
  }

  private CliRun gemini(ScriptedModelServer server, Path cwd, Map<String, String> extra, String... args) throws Exception {
    Map<String, String> env = new LinkedHashMap<>(PorchProcess.baseEnvironment(home));
    env.put("PATH", home.resolve("bin") + ":" + env.get("PATH"));
    // gemini writes a report per API error to os.tmpdir(): keep them in the test's folder
    env.put("TMPDIR", Files.createDirectories(tmp.resolve("tmp")).toString());
    env.putAll(PROFILE_ENV);
    env.putAll(extra);
    env.putAll(cli.environment(server, home));
    List<String> cmd = new ArrayList<>(List.of(RealClis.bin("gemini").toString(), "--yolo", "--skip-trust",
        "-o", "stream-json"));
    cmd.addAll(List.of(args));
    return CliRun.run(cwd, env, LIMIT, cmd);
  }

  private static void script(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private String git(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    CliRun run = CliRun.run(dir, PorchProcess.baseEnvironment(home), Duration.ofSeconds(30), cmd);
    assertThat(run.code()).as(run.toString()).isZero();
    return run.out().strip();
  }
}
