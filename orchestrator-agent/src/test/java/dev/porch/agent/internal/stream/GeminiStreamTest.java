package dev.porch.agent.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.Usage;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** gemini -o stream-json (fixtures written from the CLI's documentation until real ones exist). */
class GeminiStreamTest {
  private static RecordingSink read(String fixture) {
    return RecordingSink.read("gemini-stream-json", "gemini", "gemini/" + fixture);
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
    RecordingSink s = new RecordingSink();
    StreamParser p = StreamParser.forStream("gemini-stream-json", "gemini").orElseThrow();
    List<String> lines = RecordingSink.lines("gemini/doc-fix-calc.jsonl");
    lines.subList(0, 3).forEach(l -> p.accept(l, s));

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
    RecordingSink s = new RecordingSink();
    StreamParser.forStream("gemini-stream-json", "gemini").orElseThrow().accept("{\"type\":\"result\",\"status\":"
        + "\"success\",\"stats\":{\"models\":{\"a\":{\"api\":{\"totalRequests\":2},\"tokens\":{\"prompt\":100,"
        + "\"candidates\":7}},\"b\":{\"api\":{\"totalRequests\":1},\"tokens\":{\"prompt\":10,\"candidates\":3}}}}}", s);

    assertThat(s.activity.usage()).isEqualTo(new Usage(110, 10, 3, OptionalDouble.empty()));
  }
}
