package dev.porch.agent.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.port.Usage;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** gemini -o stream-json, against real recordings of Gemini CLI 0.61.0 and fixtures from its docs. */
class GeminiStreamTest {
  private static RecordingSink read(String fixture) {
    return RecordingSink.read("gemini-stream-json", "gemini", "gemini/" + fixture);
  }

  @Test
  void fix_sessionToolTokensAndTheWholeMessage() {
    RecordingSink s = read("fix.jsonl");

    assertThat(s.activity.session()).contains("467bc106-32ff-4dd0-9947-83604f7ec267");
    assertThat(s.activity.usage()).isEqualTo(new Usage(24243, 35, 0, OptionalDouble.empty()));
    assertThat(s.activity.lastMessage()).contains("Fixed calc.sh.");
    assertThat(s.transcript).containsExactly(
        "[session 467bc106-32ff-4dd0-9947-83604f7ec267, model auto]",
        "> run_shell_command: sed -i s/-/+/ calc.sh",
        "  = ",
        "Fixed calc.sh.",
        "[done: 24243 tokens in, 35 out]");
  }

  @Test
  void tools_everyShellCallInOrder() {
    RecordingSink s = read("tools.jsonl");

    assertThat(s.transcript).filteredOn(l -> l.startsWith("> ")).containsExactly(
        "> run_shell_command: sed -i s/-/+/ calc.sh", "> run_shell_command: ./check.sh",
        "> run_shell_command: git add -A && git commit -m fix",
        "> run_shell_command: porch complete --summary 'fixed calc'");
    assertThat(s.transcript).contains("  = ok", "  = [feature/t1 63c2c39] fix");
    assertThat(s.activity.lastMessage()).contains("Committed the fix.");
    assertThat(s.activity.usage().inputTokens()).isEqualTo(61231);
  }

  @Test
  void resume_sameSessionInInit() {
    RecordingSink s = read("resume.jsonl");

    assertThat(s.activity.session()).contains("cfd19b80-439b-4bc4-b440-d4d8c2d8e269");
    assertThat(s.activity.lastMessage()).contains("Yes, it was the minus sign.");
  }

  @Test
  void rateLimitThenOk_nothingInTheStream() {
    RecordingSink s = read("rate-limit-then-ok.jsonl");

    assertThat(s.rateLimits).isEmpty();
    assertThat(s.errors).isEmpty();
    assertThat(s.activity.lastMessage()).contains("Done after a 429.");
  }

  @Test
  void unauthorized_resultErrorIsALoginFailure() {
    Fixture f = new Fixture("gemini/unauthorized.jsonl");
    RecordingSink s = read("unauthorized.jsonl");

    assertThat(s.logins).containsExactly(
        "the API key was refused (" + Text.line(f.last("result").path("error").path("message").asText()) + ")");
    assertThat(s.activity.doing()).contains("failed");
  }

  @Test
  void editTools_stepsNameTheFileAndAFailedToolIsMarked() {
    RecordingSink s = read("edit-tools.jsonl");

    assertThat(s.transcript).contains("> read_file: calc.sh", "> replace: calc.sh", "> no_such_tool", "Edited calc.sh.");
    assertThat(s.transcript).anyMatch(l -> l.startsWith("  ! Tool \"no_such_tool\" not found."));
    assertThat(s.errors).isEmpty();
    assertThat(s.logins).isEmpty();
  }

  @Test
  void docFixCalc_sessionToolsTokensAndWholeMessages() {
    RecordingSink s = read("doc-fix-calc.jsonl");

    assertThat(s.activity.session()).contains("5b1f3e2a-8c7d-4e6f-9a0b-1c2d3e4f5a6b");
    assertThat(s.activity.usage()).isEqualTo(new Usage(4100, 135, 0, OptionalDouble.empty()));
    assertThat(s.activity.lastMessage()).contains("Fixed calc.sh: it adds now.");
    assertThat(s.transcript).containsExactly(
        "[session 5b1f3e2a-8c7d-4e6f-9a0b-1c2d3e4f5a6b, model gemini-2.5-pro]",
        "Let me run the check first.",
        "> run_shell_command: ./check.sh",
        "  ! FAIL: 2+2 gave 0",
        "> replace: /repo/calc.sh",
        "  = Successfully modified file: /repo/calc.sh (1 replacements).",
        "Fixed calc.sh: it adds now.",
        "[done: 4100 tokens in, 135 out]");
  }

  @Test
  void docFixCalc_whileWriting_lastMessageGrowsPieceByPiece() {
    RecordingSink s = RecordingSink.replay("gemini-stream-json", "gemini", "gemini/doc-fix-calc.jsonl", 3).sink;

    assertThat(s.activity.lastMessage()).contains("Let me run the");
    assertThat(s.activity.doing()).contains("writing");
  }

  @Test
  void docApiKeyError_isALoginFailure() {
    RecordingSink s = read("doc-api-key-error.jsonl");

    assertThat(s.logins).first().asString()
        .isEqualTo("the API key was refused ([API Error: API key not valid. Please pass a valid API key.])");
  }

  @Test
  void perModelStats_areSummed() {
    RecordingSink s = RecordingSink.one("gemini-stream-json", "{\"type\":\"result\",\"status\":"
        + "\"success\",\"stats\":{\"models\":{\"a\":{\"api\":{\"totalRequests\":2},\"tokens\":{\"prompt\":100,"
        + "\"candidates\":7}},\"b\":{\"api\":{\"totalRequests\":1},\"tokens\":{\"prompt\":10,\"candidates\":3}}}}}");

    assertThat(s.activity.usage()).isEqualTo(new Usage(110, 10, 3, OptionalDouble.empty()));
  }
}
