package dev.porch.agent.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.agent.AgentProfile;
import dev.porch.core.port.AgentActivity;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever an agent prints, a parser never throws and keeps what it reports safe and bounded. */
class HostileLinesTest {
  static List<String> streams() {
    return AgentProfile.STREAMS;
  }

  @ParameterizedTest
  @MethodSource("streams")
  void garbage_isIgnoredOrPlainText(String stream) {
    StreamParser p = StreamParser.forStream(stream, "x").orElseThrow();
    RecordingSink s = new RecordingSink();
    List<String> lines = List.of("", "not json", "{", "{\"type\":", "[1,2]", "null", "{\"type\":42}",
        "{\"type\":\"assistant\",\"message\":\"nope\"}", "{\"type\":\"result\",\"usage\":[],\"num_turns\":-5}",
        "{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":-1,\"output_tokens\":\"lots\"}}",
        "{\"type\":\"item.completed\",\"item\":null}", "{\"type\":\"init\",\"session_id\":{\"x\":1}}",
        "{\"type\":\"message\",\"role\":\"assistant\",\"content\":7,\"delta\":true}",
        "[".repeat(100_000), "{\"a\":" + "[".repeat(5000) + "}", "{\"type\":\"result\"," + "\"x\":\"y\",".repeat(200_000));

    for (String line : lines) {
      p.accept(line, s);
    }
    p.end(s);

    assertThat(s.activity.usage().inputTokens()).isGreaterThanOrEqualTo(0);
    assertThat(p.accept("plain text from stderr", s)).isFalse();
    assertThat(p.accept("{\"type\":\"whatever\"}", s)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("streams")
  void escapesAndControls_neverReachTheTranscriptOrActivity(String stream) {
    StreamParser p = StreamParser.forStream(stream, "x").orElseThrow();
    RecordingSink s = new RecordingSink();
    String evil = "\\u001b[91mred\\u001b[0m \\u001b]0;title\\u0007 \\u202e";
    for (String line : List.of(
        "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"" + evil + "\"}",
        "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"" + evil + "\"}]}}",
        "{\"type\":\"item.completed\",\"item\":{\"type\":\"agent_message\",\"text\":\"" + evil + "\"}}",
        "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"" + evil + "\"}",
        "{\"type\":\"error\",\"message\":\"" + evil + "\"}")) {
      p.accept(line, s);
    }
    p.end(s);

    AgentActivity a = s.activity;
    for (String text : s.transcript) {
      assertThat(text).doesNotContain("\u001b", "\u0007", "\u202e", "[91m");
    }
    a.lastMessage().ifPresent(m -> assertThat(m).doesNotContain("\u001b", "[91m").contains("red"));
  }

  @ParameterizedTest
  @MethodSource("streams")
  void hugeText_isCutToBoundedLines(String stream) {
    StreamParser p = StreamParser.forStream(stream, "x").orElseThrow();
    RecordingSink s = new RecordingSink();
    String big = "word ".repeat(50_000) + "\\n".repeat(10_000) + "end";
    for (String line : List.of(
        "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"" + big + "\"}]}}",
        "{\"type\":\"item.completed\",\"item\":{\"type\":\"agent_message\",\"text\":\"" + big + "\"}}",
        "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"" + big + "\",\"delta\":true}")) {
      p.accept(line, s);
    }
    p.end(s);

    assertThat(s.transcript).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(Text.LINE_MAX));
    assertThat(s.transcript.size()).isLessThanOrEqualTo(3 * 200);
  }
}
