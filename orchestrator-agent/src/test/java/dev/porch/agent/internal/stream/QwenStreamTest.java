package dev.porch.agent.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Qwen Code 0.24.4's {@code --output-format stream-json}, read by the claude-stream-json parser:
 * real recordings against a scripted OpenAI chat-completions server (see qwen/README.md).
 */
class QwenStreamTest {
  private static RecordingSink read(String fixture) {
    return RecordingSink.read("claude-stream-json", "qwen-code", "qwen/" + fixture);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fix-calc.jsonl", "resume.jsonl"})
  void successfulRun_sessionUsageToolAndLastMessage(String name) {
    Fixture f = new Fixture("qwen/" + name);
    RecordingSink s = read(name);
    JsonNode result = f.last("result");

    assertThat(s.activity.session()).contains(result.path("session_id").asText());
    assertThat(s.activity.usage().inputTokens()).isEqualTo(result.path("usage").path("input_tokens").asLong());
    assertThat(s.activity.usage().outputTokens()).isEqualTo(result.path("usage").path("output_tokens").asLong());
    assertThat(s.activity.usage().turns()).isEqualTo(result.path("num_turns").asInt());
    assertThat(s.activity.lastMessage()).contains(result.path("result").asText());
    assertThat(s.activity.doing()).contains("finished");
    assertThat(s.transcript).filteredOn(l -> l.startsWith("> run_shell_command: "))
        .containsExactlyElementsOf(f.toolCommands().stream().map(c -> "> run_shell_command: " + c).toList());
    assertThat(s.errors).isEmpty();
    assertThat(s.logins).isEmpty();
  }

  @Test
  void fixCalc_theShellResultIsShown() {
    assertThat(read("fix-calc.jsonl").transcript).contains("  = committed");
  }

  @Test
  void resume_keepsTheFirstRunsSession() {
    String first = new Fixture("qwen/fix-calc.jsonl").last("result").path("session_id").asText();

    assertThat(read("resume.jsonl").activity.session()).contains(first);
  }

  @Test
  void unauthorized_failsWithTheApiErrorLine() {
    RecordingSink s = read("unauthorized.jsonl");

    assertThat(s.transcript).contains("[API Error: 401 Incorrect API key provided: sk-bad.]");
    assertThat(s.activity.doing()).contains("failed");
    assertThat(String.join("\n", s.errors) + String.join("\n", s.logins)).contains("401 Incorrect API key");
  }

  @Test
  void noAuthType_theResultsErrorMessageIsTheReason() {
    RecordingSink s = read("no-auth-type.jsonl");

    assertThat(s.activity.doing()).contains("failed");
    assertThat(String.join("\n", s.errors) + String.join("\n", s.logins)).contains("No auth type is selected");
  }

  @Test
  void rateLimitRetrying_isStillRunningWithoutAnError() {
    RecordingSink s = read("rate-limit-retrying.jsonl");

    assertThat(s.activity.doing()).contains("starting");
    assertThat(s.errors).isEmpty();
    assertThat(s.logins).isEmpty();
  }
}
