package dev.porch.realcli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Claude Code binary, run directly (not through porch) with the command line porch's
 * {@code claude} profile should use, against the scripted Anthropic model. Each run is bounded;
 * its stream-json stdout is parsed and also kept under {@code target/streams/claude/} so the
 * fixtures of orchestrator-agent can be refreshed from it.
 */
@Tag("real-cli")
class ClaudeDirectTest {
  /** Headless: print mode, stream-json (needs --verbose), edits and every shell command allowed. */
  static final List<String> HEADLESS = List.of("-p", "{prompt}", "--output-format", "stream-json", "--verbose",
      "--permission-mode", "acceptEdits", "--allowedTools", "Bash");
  static final String FIX = "sed -i s/-/+/ calc.sh";
  private static final Duration LIMIT = Duration.ofSeconds(90);

  @TempDir Path tmp;

  private static List<String> command(String prompt, String... more) {
    List<String> cmd = new ArrayList<>();
    HEADLESS.forEach(a -> cmd.add(a.equals("{prompt}") ? prompt : a));
    cmd.addAll(List.of(more));
    return cmd;
  }

  @Test
  void shellStep_fixesTheFile_andTheStreamReportsToolTextSessionAndTokens() throws Exception {
    Path repo = RealRepos.calcRepo(tmp.resolve("repo"));
    try (ScriptedModelServer server = ScriptedModelServer.start(new AnthropicWire(),
        Scenario.forAll(Step.shell(FIX), Step.text("Fixed the sign.")))) {
      CliRun r = ClaudeRun.claude(server, repo, tmp.resolve("home"), null, Map.of(), LIMIT,
          command("## Task: calc-1\nFix calc.sh"));
      r.keep("claude", "fix-calc");

      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(Files.readString(repo.resolve("calc.sh"))).contains("$1 + $2");
      List<JsonNode> lines = r.events();
      JsonNode init = first(lines, "system", "init");
      assertThat(init.path("session_id").asText()).isNotBlank();
      assertThat(init.path("permissionMode").asText()).isEqualTo("acceptEdits");
      JsonNode toolUse = contents(lines, "assistant").stream().filter(c -> c.path("type").asText().equals("tool_use"))
          .findFirst().orElseThrow();
      assertThat(toolUse.path("name").asText()).isEqualTo("Bash");
      assertThat(toolUse.path("input").path("command").asText()).isEqualTo(FIX);
      assertThat(contents(lines, "user")).anyMatch(c -> c.path("type").asText().equals("tool_result")
          && c.path("tool_use_id").asText().equals(toolUse.path("id").asText()));
      JsonNode result = first(lines, "result", "success");
      assertThat(result.path("is_error").asBoolean()).isFalse();
      assertThat(result.path("result").asText()).isEqualTo("Fixed the sign.");
      assertThat(result.path("num_turns").asInt()).isEqualTo(2);
      assertThat(result.path("session_id").asText()).isEqualTo(init.path("session_id").asText());
      assertThat(result.path("usage").path("input_tokens").asLong()).isPositive();
      assertThat(result.path("usage").path("output_tokens").asLong()).isEqualTo(2L * AnthropicWire.OUTPUT_TOKENS);
      assertThat(result.path("total_cost_usd").asDouble()).isPositive();
      assertThat(server.turns()).hasSize(2);
    }
  }

  @Test
  void commitInALinkedWorktree_landsOnTheFeatureBranch_asRoot() throws Exception {
    commitsInWorktree(null);
  }

  @Test
  void commitInALinkedWorktree_landsOnTheFeatureBranch_asAnOrdinaryUser() throws Exception {
    commitsInWorktree("nobody");
  }

  private void commitsInWorktree(String user) throws Exception {
    Path base = RealRepos.ownedDir(tmp.resolve("u"), user);
    Path repo = RealRepos.calcRepo(base.resolve("repo"));
    RealRepos.git(repo, "worktree", "add", ".worktrees/t1", "-b", "feature/t1");
    Path wt = repo.resolve(".worktrees/t1");
    Path bin = RealRepos.fakePorch(base.resolve("bin"));
    RealRepos.chown(base, user);
    try (ScriptedModelServer server = ScriptedModelServer.start(new AnthropicWire(), Scenario.forAll(Step.shell(FIX),
        Step.shell("./check.sh"), Step.shell("git add -A && git commit -m fix"),
        Step.shell("porch complete --summary \"fixed calc\""), Step.text("Committed.")))) {
      CliRun r = ClaudeRun.claude(server, wt, base.resolve("home"), user, Map.of("PATH_PREFIX", bin.toString()),
          LIMIT, command("## Task: t1\nFix calc.sh, run ./check.sh, commit, then porch complete"));
      r.keep("claude", user == null ? "several-tools" : "several-tools-user");

      assertThat(r.code()).as(r.toString()).isZero();
      JsonNode result = first(r.events(), "result", "success");
      assertThat(result.path("permission_denials")).as(r.toString()).isEmpty();
      assertThat(RealRepos.git(repo, "log", "-1", "--format=%s", "feature/t1")).isEqualTo("fix");
      assertThat(RealRepos.git(repo, "show", "feature/t1:calc.sh")).contains("$1 + $2");
      assertThat(RealRepos.git(wt, "status", "--porcelain")).isEmpty();
      assertThat(Files.readString(bin.resolve("porch-called.txt")).strip()).isEqualTo(wt + " complete --summary fixed calc");
      assertThat(contents(r.events(), "user").stream().map(c -> c.path("content").asText()))
          .anyMatch(t -> t.contains("ok"));
    }
  }

  @Test
  void rateLimited_retriesInTheCli_thenSucceeds() throws Exception {
    Path repo = RealRepos.calcRepo(tmp.resolve("repo"));
    try (ScriptedModelServer server = ScriptedModelServer.start(new AnthropicWire(), Scenario.forAll(
        new Step.HttpError(429, AnthropicWire.RATE_LIMITED), Step.shell(FIX), Step.text("Fixed.")))) {
      CliRun r = ClaudeRun.claude(server, repo, tmp.resolve("home"), null, Map.of(), LIMIT,
          command("## Task: calc-1\nFix calc.sh"));
      r.keep("claude", "rate-limit-then-success");

      assertThat(r.code()).as(r.toString()).isZero();
      JsonNode retry = first(r.events(), "system", "api_retry");
      assertThat(retry.path("error_status").asInt()).isEqualTo(429);
      assertThat(retry.path("error").asText()).isEqualTo("rate_limit");
      assertThat(retry.path("attempt").asInt()).isEqualTo(1);
      assertThat(first(r.events(), "result", "success").path("is_error").asBoolean()).isFalse();
      assertThat(server.turns()).hasSize(3);
      assertThat(Files.readString(repo.resolve("calc.sh"))).contains("$1 + $2");
    }
  }

  @Test
  void truncatedStream_isAskedAgainWithoutStreaming_andTheRunGoesOn() throws Exception {
    Path repo = RealRepos.calcRepo(tmp.resolve("repo"));
    try (ScriptedModelServer server = ScriptedModelServer.start(new AnthropicWire(), Scenario.forAll(
        new Step.Truncated("I will fi"), Step.shell(FIX), Step.text("Fixed.")))) {
      CliRun r = ClaudeRun.claude(server, repo, tmp.resolve("home"), null, Map.of(), LIMIT,
          command("## Task: calc-1\nFix calc.sh"));
      r.keep("claude", "truncated-then-whole");

      assertThat(r.code()).as(r.toString()).isZero();
      List<RecordedRequest> turns = server.turns();
      assertThat(turns).hasSize(3);
      assertThat(turns.get(0).json().path("stream").asBoolean()).isTrue();
      assertThat(turns.get(1).json().path("stream").asBoolean(false)).isFalse();
      assertThat(turns.get(1).json().path("messages")).isEqualTo(turns.get(0).json().path("messages"));
      assertThat(r.out()).doesNotContain("I will fi");
      assertThat(Files.readString(repo.resolve("calc.sh"))).contains("$1 + $2");
    }
  }

  @Test
  void unauthorized_failsWithAuthenticationError_exit1() throws Exception {
    Path repo = RealRepos.calcRepo(tmp.resolve("repo"));
    Step[] always401 = new Step[12];
    java.util.Arrays.fill(always401, new Step.HttpError(401, AnthropicWire.INVALID_KEY));
    try (ScriptedModelServer server = ScriptedModelServer.start(new AnthropicWire(), Scenario.forAll(always401))) {
      // without CLAUDE_CODE_MAX_RETRIES claude retries a 401 ten times with backoff (minutes)
      CliRun r = ClaudeRun.claude(server, repo, tmp.resolve("home"), null,
          Map.of("CLAUDE_CODE_MAX_RETRIES", "0"), LIMIT, command("## Task: calc-1\nFix calc.sh"));
      r.keep("claude", "unauthorized");

      assertThat(r.code()).as(r.toString()).isEqualTo(1);
      JsonNode result = first(r.events(), "result", "success");
      assertThat(result.path("is_error").asBoolean()).isTrue();
      assertThat(result.path("api_error_status").asInt()).isEqualTo(401);
      // the API's real 401 body ("invalid x-api-key") gives this line; another 401 body gives
      // "Failed to authenticate. API Error: 401 <message>"
      assertThat(result.path("result").asText()).isEqualTo("Invalid API key \u00b7 Fix external API key");
      assertThat(r.took()).isLessThan(Duration.ofSeconds(30));
      assertThat(server.turns()).hasSize(1);
    }
  }

  @Test
  void resume_sendsTheEarlierTurns_underTheSameSession() throws Exception {
    Path repo = RealRepos.calcRepo(tmp.resolve("repo"));
    Path home = tmp.resolve("home");
    try (ScriptedModelServer server = ScriptedModelServer.start(new AnthropicWire(),
        Scenario.forAll(Step.text("I looked: calc.sh subtracts."), Step.shell(FIX), Step.text("Now fixed.")))) {
      CliRun first = ClaudeRun.claude(server, repo, home, null, Map.of(), LIMIT,
          command("## Task: calc-1\nLook at calc.sh"));
      assertThat(first.code()).as(first.toString()).isZero();
      String session = first(first.events(), "system", "init").path("session_id").asText();

      CliRun second = ClaudeRun.claude(server, repo, home, null, Map.of(), LIMIT,
          command("Now fix it", "--resume", session));
      second.keep("claude", "resumed");

      assertThat(second.code()).as(second.toString()).isZero();
      assertThat(first(second.events(), "result", "success").path("session_id").asText()).isEqualTo(session);
      List<RecordedRequest> turns = server.turns();
      assertThat(turns).hasSize(3);
      String resumed = turns.get(1).json().path("messages").toString();
      assertThat(resumed).contains("Look at calc.sh").contains("I looked: calc.sh subtracts.").contains("Now fix it");
      assertThat(turns.get(1).header("x-claude-code-session-id")).isEqualTo(session);
      assertThat(Files.readString(repo.resolve("calc.sh"))).contains("$1 + $2");
    }
  }

  static JsonNode first(List<JsonNode> lines, String type, String subtype) {
    return lines.stream().filter(l -> l.path("type").asText().equals(type)
        && l.path("subtype").asText().equals(subtype)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + "/" + subtype + " line in " + lines));
  }

  static List<JsonNode> contents(List<JsonNode> lines, String type) {
    return lines.stream().filter(l -> l.path("type").asText().equals(type))
        .flatMap(l -> StreamSupport.stream(l.path("message").path("content").spliterator(), false)).toList();
  }
}
