package dev.porch.agent.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porch.core.port.Usage;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** claude -p --output-format stream-json --verbose, against real recordings of Claude Code 2.1.197. */
class ClaudeStreamTest {
  private static RecordingSink read(String fixture) {
    return RecordingSink.read("claude-stream-json", "claude", "claude/" + fixture);
  }

  /** The usage the result line reports, as porch counts it (cache reads and writes are input). */
  private static Usage resultUsage(Fixture f) {
    JsonNode r = f.last("result");
    JsonNode u = r.path("usage");
    return new Usage(u.path("input_tokens").asLong() + u.path("cache_creation_input_tokens").asLong()
        + u.path("cache_read_input_tokens").asLong(), u.path("output_tokens").asLong(), r.path("num_turns").asInt(),
        OptionalDouble.of(r.path("total_cost_usd").asDouble()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"fix-calc.jsonl", "several-tools.jsonl", "permission-denied.jsonl",
      "rate-limit-then-success.jsonl", "resumed.jsonl", "truncated-then-whole.jsonl", "doc-fix-calc.jsonl"})
  void successfulRun_sessionUsageCostStepsAndLastMessage(String name) {
    Fixture f = new Fixture("claude/" + name);
    RecordingSink s = read(name);
    JsonNode result = f.last("result");

    assertThat(s.activity.session()).contains(result.path("session_id").asText());
    assertThat(s.activity.usage()).isEqualTo(resultUsage(f));
    List<String> said = result.path("result").asText().lines().filter(l -> !l.isBlank()).toList();
    assertThat(s.activity.lastMessage()).contains(said.get(said.size() - 1));
    assertThat(s.activity.doing()).contains("finished");
    assertThat(s.activity.notice()).isEmpty();
    assertThat(s.transcript.get(0)).startsWith("[session " + f.last("system").path("session_id").asText());
    assertThat(s.transcript).filteredOn(l -> l.startsWith("> Bash: "))
        .containsExactlyElementsOf(f.toolCommands().stream().map(c -> "> Bash: " + c).toList());
    assertThat(s.transcript.get(s.transcript.size() - 1)).startsWith("[done: " + result.path("num_turns").asInt() + " turns");
    assertThat(s.errors).isEmpty();
    assertThat(s.logins).isEmpty();
  }

  @Test
  void fixCalc_transcriptReadsLikeTheRun() {
    RecordingSink s = read("fix-calc.jsonl");

    assertThat(s.transcript).hasSize(5);
    assertThat(s.transcript.get(1)).isEqualTo("> Bash: sed -i s/-/+/ calc.sh");
    assertThat(s.transcript.get(2)).startsWith("  = ");
    assertThat(s.transcript.get(4)).matches("\\[done: 2 turns, \\d+ tokens in, 50 out, \\$0\\.\\d{4}\\]");
  }

  @Test
  void fixCalc_whileRunning_showsTheCurrentToolAndTokensSoFar() {
    RecordingSink s = RecordingSink.replay("claude-stream-json", "claude", "claude/fix-calc.jsonl", 2).sink;
    JsonNode firstUsage = new Fixture("claude/fix-calc.jsonl").events.get(1).path("message").path("usage");

    assertThat(s.activity.doing()).contains("Bash: sed -i s/-/+/ calc.sh");
    assertThat(s.activity.usage().inputTokens()).isEqualTo(firstUsage.path("input_tokens").asLong());
    assertThat(s.activity.usage().turns()).isEqualTo(1);
    assertThat(s.activity.usage().costUsd()).isEmpty();
  }

  @Test
  void severalTools_toolResultsAreShown() {
    RecordingSink s = read("several-tools.jsonl");

    assertThat(s.transcript).filteredOn(l -> l.startsWith("> ")).hasSize(4);
    assertThat(s.transcript).contains("  = ok");
    assertThat(s.transcript).anyMatch(l -> l.matches("  = \\[feature/t1 [0-9a-f]+\\] .*"));
  }

  @Test
  void permissionDenied_refusedToolResultsAreMarked() {
    RecordingSink s = read("permission-denied.jsonl");

    assertThat(s.transcript).contains("  ! This command requires approval");
    assertThat(s.logins).isEmpty();
  }

  @Test
  void rateLimitThenSuccess_noticeWhileRetryingClearedByTheAnswer() {
    RecordingSink.Replay r = RecordingSink.replay("claude-stream-json", "claude", "claude/rate-limit-then-success.jsonl", 2);
    assertThat(r.sink.activity.notice()).contains("rate limited (429); claude is retrying");

    RecordingSink s = r.rest();
    assertThat(s.activity.notice()).isEmpty();
    assertThat(s.activity.usage().costUsd()).isPresent();
  }

  @Test
  void rateLimitGiveUp_isAnErrorAfterTheRetries() {
    RecordingSink s = read("rate-limit-give-up.jsonl");

    assertThat(s.rateLimits).startsWith("rate limited (429); claude is retrying", "rate limited (429); claude is retrying");
    assertThat(s.errors).first().asString().startsWith("API Error: Request rejected (429) · scripted 429");
    assertThat(s.logins).isEmpty();
    assertThat(s.activity.doing()).contains("failed");
  }

  @Test
  void unauthorized_isALoginFailureWithTheCliLine() {
    Fixture f = new Fixture("claude/unauthorized.jsonl");
    RecordingSink s = read("unauthorized.jsonl");

    assertThat(s.logins).first().asString()
        .isEqualTo("the API key was refused (" + f.last("result").path("result").asText() + ")");
  }

  @Test
  void docInvalidKey_isALoginFailure() {
    RecordingSink s = read("doc-invalid-key.jsonl");

    assertThat(s.logins).first().asString()
        .isEqualTo("the API key was refused (Invalid API key · Fix external API key)");
  }

  @Test
  void docApiRetry_rateLimitAndOverloadNotices() {
    RecordingSink s = read("doc-api-retry-429.jsonl");

    assertThat(s.rateLimits).containsExactly("rate limited (429); claude is retrying",
        "overloaded (529); claude is retrying");
  }

  @Test
  void apiRetryForAuthentication_stopsAtOnce() {
    RecordingSink s = RecordingSink.one("claude-stream-json", "{\"type\":\"system\",\"subtype\":"
        + "\"api_retry\",\"attempt\":1,\"max_retries\":10,\"error_status\":401,\"error\":\"authentication_failed\"}");

    assertThat(s.logins).containsExactly("the API key was refused (API error 401 authentication_failed, attempt 1 of 10)");
  }

  @Test
  void docFixCalc_usageOfOneMessageOnSeveralLinesIsCountedOnce() {
    RecordingSink s = RecordingSink.replay("claude-stream-json", "claude", "claude/doc-fix-calc.jsonl", 5).sink;

    // msg_01 on two lines (1500 in, 45 out) plus msg_02 (1300 in, 60 out)
    assertThat(s.activity.usage()).isEqualTo(new Usage(2800, 105, 2, OptionalDouble.empty()));
    assertThat(s.activity.doing()).contains("Edit: /repo/calc.sh");
    assertThat(s.transcript).contains("  ! FAIL: 2+2 gave 0");
  }


  @Test
  void unauthorizedDefaultRetries_stopsAtTheFirstRetry() {
    RecordingSink s = RecordingSink.replay("claude-stream-json", "claude", "claude/unauthorized-default-retries.jsonl", 2)
        .sink;

    assertThat(s.logins).containsExactly(
        "the API key was refused (API error 401 authentication_failed, attempt 1 of 10)");
  }

  @Test
  void notLoggedIn_isALoginFailure() {
    RecordingSink s = read("not-logged-in.jsonl");

    assertThat(s.logins).first().asString().isEqualTo("it is not logged in (Not logged in · Please run /login)");
  }

  @Test
  void resumeUnknownSession_theListedErrorIsTheError() {
    RecordingSink s = read("resume-unknown-session.jsonl");

    assertThat(s.errors).first().asString().startsWith("No conversation found with session ID: ");
    assertThat(s.logins).isEmpty();
  }

}
