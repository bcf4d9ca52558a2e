package dev.porch.agent.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TapParserTest {
  @Test
  void parse_resultsWithDirectives() {
    String out = """
        TAP version 13
        1..5
        ok 1 - parses numbers
        not ok 2 - parses dates
          ---
          message: expected 2024-01-01
          ...
        ok 3 - network # SKIP offline
        not ok 4 - unicode # TODO not yet
        ok 5
        """;
    assertThat(new TapParser().parse(out)).contains(new TestCounts(2, 1, 2, "tap"));
  }

  @Test
  void parse_crashBeforeThePlanIsDoneCountsMissingAsFailed() {
    assertThat(new TapParser().parse("1..4\nok 1\nok 2\nSegmentation fault\n"))
        .contains(new TestCounts(2, 2, 0, "tap"));
  }

  @Test
  void parse_indentedSubtestsAreIgnored() {
    assertThat(new TapParser().parse("    ok 1 - inner\nok 1 - outer\n1..1\n"))
        .contains(new TestCounts(1, 0, 0, "tap"));
  }

  @Test
  void parse_otherOutput() {
    assertThat(new TapParser().parse("ok\nall good\n")).isEmpty();
  }
}
