package dev.porch.agent.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.Usage;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** claude -p --output-format stream-json --verbose, against real recordings of Claude Code 2.1.197. */
class ClaudeStreamTest {
  private static RecordingSink read(String fixture) {
    return RecordingSink.read("claude-stream-json", "claude", "claude/" + fixture);
  }

  @Test
  void fixCalc_sessionUsageCostStepAndLastMessage() {
    RecordingSink s = read("fix-calc.jsonl");

    assertThat(s.activity.session()).contains("0bbcd499-0565-41a7-9a20-621af45d3075");
    assertThat(s.activity.usage()).isEqualTo(new Usage(38214, 50, 2, OptionalDouble.of(0.19232)));
    assertThat(s.activity.lastMessage()).contains("Fixed.");
    assertThat(s.activity.doing()).contains("finished");
    assertThat(s.activity.notice()).isEmpty();
    assertThat(s.transcript).containsExactly(
        "[session 0bbcd499-0565-41a7-9a20-621af45d3075, model claude-opus-4-8[1m]]",
        "> Bash: sed -i s/-/+/ calc.sh",
        "  = (Bash completed with no output)",
        "Fixed.",
        "[done: 2 turns, 38214 tokens in, 50 out, $0.1923]");
    assertThat(s.errors).isEmpty();
    assertThat(s.logins).isEmpty();
  }

  @Test
  void fixCalc_whileRunning_showsTheCurrentToolAndTokensSoFar() {
    RecordingSink s = new RecordingSink();
    StreamParser p = StreamParser.forStream("claude-stream-json", "claude").orElseThrow();
    List<String> lines = RecordingSink.lines("claude/fix-calc.jsonl");
    p.accept(lines.get(0), s);
    p.accept(lines.get(1), s);

    assertThat(s.activity.doing()).contains("Bash: sed -i s/-/+/ calc.sh");
    assertThat(s.activity.usage().inputTokens()).isEqualTo(19067);
    assertThat(s.activity.usage().turns()).isEqualTo(1);
    assertThat(s.activity.usage().costUsd()).isEmpty();
  }

  @Test
  void severalTools_everyToolCallInOrder() {
    RecordingSink s = read("several-tools.jsonl");

    assertThat(s.transcript).filteredOn(l -> l.startsWith("> ")).containsExactly(
        "> Bash: sed -i s/-/+/ calc.sh", "> Bash: ./check.sh", "> Bash: git add -A && git commit -m fix",
        "> Bash: porch complete --summary done");
    assertThat(s.transcript).contains("  = [feature/t1 50ccc21] fix", "  = porch-ok");
    assertThat(s.activity.usage()).isEqualTo(new Usage(96156, 125, 5, OptionalDouble.of(0.48390500000000003)));
  }

  @Test
  void permissionDenied_refusedToolResultsAreMarked() {
    RecordingSink s = read("permission-denied.jsonl");

    assertThat(s.transcript).contains("  ! This command requires approval");
    assertThat(s.logins).isEmpty();
  }

  @Test
  void rateLimitThenSuccess_noticeWhileRetryingClearedByTheAnswer() {
    RecordingSink s = new RecordingSink();
    StreamParser p = StreamParser.forStream("claude-stream-json", "claude").orElseThrow();
    List<String> lines = RecordingSink.lines("claude/rate-limit-then-success.jsonl");
    p.accept(lines.get(0), s);
    p.accept(lines.get(1), s);
    assertThat(s.activity.notice()).contains("rate limited (429); claude is retrying");

    lines.subList(2, lines.size()).forEach(l -> p.accept(l, s));
    assertThat(s.activity.notice()).isEmpty();
    assertThat(s.activity.usage().costUsd()).hasValue(0.19233);
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
    RecordingSink s = read("unauthorized.jsonl");

    assertThat(s.logins).first().asString()
        .isEqualTo("the API key was refused (Failed to authenticate. API Error: 401 scripted 401)");
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
    RecordingSink s = new RecordingSink();
    StreamParser.forStream("claude-stream-json", "claude").orElseThrow().accept("{\"type\":\"system\",\"subtype\":"
        + "\"api_retry\",\"attempt\":1,\"max_retries\":10,\"error_status\":401,\"error\":\"authentication_failed\"}", s);

    assertThat(s.logins).containsExactly("the API key was refused (API error 401 authentication_failed, attempt 1 of 10)");
  }

  @Test
  void docFixCalc_usageOfOneMessageOnSeveralLinesIsCountedOnce() {
    RecordingSink s = new RecordingSink();
    StreamParser p = StreamParser.forStream("claude-stream-json", "claude").orElseThrow();
    List<String> lines = RecordingSink.lines("claude/doc-fix-calc.jsonl");
    lines.subList(0, 5).forEach(l -> p.accept(l, s));

    // msg_01 on two lines (1500 in, 45 out) plus msg_02 (1300 in, 60 out)
    assertThat(s.activity.usage()).isEqualTo(new Usage(2800, 105, 2, OptionalDouble.empty()));
    assertThat(s.activity.doing()).contains("Edit: /repo/calc.sh");
    assertThat(s.transcript).contains("  ! FAIL: 2+2 gave 0");
  }

  @Test
  void docFixCalc_lastMessageIsTheLastLineOfTheText() {
    RecordingSink s = read("doc-fix-calc.jsonl");

    assertThat(s.activity.lastMessage()).contains("It now adds instead of subtracting.");
    assertThat(s.activity.usage()).isEqualTo(new Usage(4200, 120, 3, OptionalDouble.of(0.0123)));
  }
}
