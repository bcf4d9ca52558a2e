package dev.porch.agent.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porch.core.port.Usage;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** codex exec --json, against the real recordings of codex-cli 0.171.0. */
class CodexStreamTest {
  private static RecordingSink read(String fixture) {
    return RecordingSink.read("codex-json", "codex", "codex/" + fixture);
  }

  @Test
  void fixCalc_sessionStepsUsageAndLastMessage() {
    Fixture f = new Fixture("codex/fix-calc.jsonl");
    RecordingSink s = read("fix-calc.jsonl");
    String thread = f.last("thread.started").path("thread_id").asText();
    JsonNode usage = f.last("turn.completed").path("usage");
    String command = f.first(e -> "item.started".equals(e.path("type").asText())).path("item").path("command").asText();
    String message = f.first(e -> "agent_message".equals(e.path("item").path("type").asText())).path("item")
        .path("text").asText();

    assertThat(s.activity.session()).contains(thread);
    assertThat(s.activity.usage()).isEqualTo(new Usage(usage.path("input_tokens").asLong(),
        usage.path("output_tokens").asLong(), 1, OptionalDouble.empty()));
    assertThat(s.activity.lastMessage()).contains(message);
    assertThat(s.activity.doing()).contains("finished");
    assertThat(s.transcript).containsExactly(
        "[session " + thread + "]",
        "> shell: " + command,
        "  = exit 0: ok",
        message,
        "[turn done: 1 turn, " + usage.path("input_tokens").asLong() + " tokens in, " + usage.path("output_tokens").asLong()
            + " out]");
    assertThat(s.logins).isEmpty();
    assertThat(s.errors).isEmpty();
  }

  @Test
  void severalTools_everyCommandAndItsExitCode() {
    RecordingSink s = read("several-tools.jsonl");

    assertThat(s.transcript).filteredOn(l -> l.startsWith("> ")).hasSize(4);
    assertThat(s.transcript).contains("  = exit 1: FAIL", "  = exit 0: #!/bin/sh");
    assertThat(s.activity.usage().inputTokens()).isEqualTo(6000);
    assertThat(s.activity.usage().outputTokens()).isEqualTo(150);
    assertThat(s.activity.lastMessage()).contains("calc.sh subtracted; now it adds and check.sh passes.");
  }

  @Test
  void resume_keepsTheThreadIdAsSession() {
    Fixture f = new Fixture("codex/resume.jsonl");
    RecordingSink s = read("resume.jsonl");

    assertThat(s.activity.session()).contains(f.last("thread.started").path("thread_id").asText());
    assertThat(s.activity.lastMessage()).contains("Fixed on resume.");
  }

  @Test
  void unauthorized_isALoginFailureAtTheFirstRetry() {
    RecordingSink s = RecordingSink.read("codex-json", "codex", "codex/unauthorized-401.jsonl");

    assertThat(s.logins).first().asString().startsWith("the API key was refused (Reconnecting... 1/5 (unexpected status 401");
  }

  @Test
  void missingKey_isALoginFailure() {
    RecordingSink s = read("missing-key.jsonl");

    assertThat(s.logins).first().asString()
        .isEqualTo("it is not logged in (Missing environment variable: `OPENAI_API_KEY`.)");
  }

  @Test
  void rateLimitThenOk_noticeWhileRetryingThenClearedByTheAnswer() {
    RecordingSink.Replay r = RecordingSink.replay("codex-json", "codex", "codex/rate-limit-429-then-ok.jsonl", 3);
    assertThat(r.sink.activity.notice()).contains("rate limited (429); codex is retrying");
    assertThat(r.sink.errors).isEmpty();

    RecordingSink s = r.rest();
    assertThat(s.activity.notice()).isEmpty();
    assertThat(s.activity.lastMessage()).contains("after the 429");
  }

  @Test
  void rateLimitGivenUp_isAnErrorAndARateLimit() {
    RecordingSink s = read("rate-limit-429-no-retry-after.jsonl");

    assertThat(s.rateLimits).contains("rate limited (429)");
    assertThat(s.errors).first().asString().isEqualTo("exceeded retry limit, last status: 429 Too Many Requests");
    assertThat(s.logins).isEmpty();
  }

  @Test
  void truncatedThenOk_reconnectIsANoticeNotAnError() {
    RecordingSink s = read("truncated-then-ok.jsonl");

    assertThat(s.errors).isEmpty();
    assertThat(s.logins).isEmpty();
    assertThat(s.rateLimits).isEmpty();
    assertThat(s.activity.lastMessage()).contains("whole answer");
  }

  @Test
  void commandSeenOnlyCompleted_stillShowsItsStep() {
    RecordingSink s = RecordingSink.one("codex-json", "{\"type\":\"item.completed\",\"item\":"
        + "{\"id\":\"item_9\",\"type\":\"command_execution\",\"command\":\"ls\",\"aggregated_output\":\"a\\nb\","
        + "\"exit_code\":0,\"status\":\"completed\"}}");

    assertThat(s.transcript).containsExactly("> shell: ls", "  = exit 0: a");
  }
}
