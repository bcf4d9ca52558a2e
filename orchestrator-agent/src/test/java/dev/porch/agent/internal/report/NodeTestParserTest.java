package dev.porch.agent.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeTestParserTest {
  @Test
  void parse_tapReporterTotals() {
    String out = """
        TAP version 13
        # Subtest: adds
        ok 1 - adds
          ---
          duration_ms: 0.5
          ...
        # Subtest: splits
        not ok 2 - splits
        1..3
        # tests 4
        # suites 0
        # pass 2
        # fail 1
        # cancelled 0
        # skipped 1
        # todo 0
        # duration_ms 41.2
        """;
    assertThat(new NodeTestParser().parse(out)).contains(new TestCounts(2, 1, 1, "node"));
  }

  @Test
  void parse_specReporterTotals() {
    String out = """
        \u2714 adds (0.51ms)
        \u2716 splits (1.2ms)
        \u2139 tests 3
        \u2139 suites 0
        \u2139 pass 2
        \u2139 fail 1
        \u2139 cancelled 0
        \u2139 skipped 0
        \u2139 todo 0
        \u2139 duration_ms 40.1
        """;
    assertThat(new NodeTestParser().parse(out)).contains(new TestCounts(2, 1, 0, "node"));
  }

  @Test
  void parse_plainTapIsNotNode() {
    assertThat(new NodeTestParser().parse("1..1\nok 1\n")).isEmpty();
  }
}
