package dev.porch.agent.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoTestParserTest {
  @Test
  void parse_verboseCountsTestsAndSubtests() {
    String out = """
        === RUN   TestAdd
        --- PASS: TestAdd (0.00s)
        === RUN   TestSplit
        === RUN   TestSplit/empty
        === RUN   TestSplit/comma
            split_test.go:21: got [a b], want [a]
        --- FAIL: TestSplit (0.00s)
            --- PASS: TestSplit/empty (0.00s)
            --- FAIL: TestSplit/comma (0.00s)
        === RUN   TestNetwork
            net_test.go:9: no network
        --- SKIP: TestNetwork (0.00s)
        FAIL
        FAIL\texample.com/strs\t0.004s
        ok  \texample.com/math\t0.002s
        FAIL
        """;
    assertThat(new GoTestParser().parse(out)).contains(new TestCounts(2, 2, 1, "go"));
  }

  @Test
  void parse_quietCountsPackages() {
    String out = """
        ok  \texample.com/math\t0.002s
        ok  \texample.com/util\t(cached)
        ?   \texample.com/cmd\t[no test files]
        --- FAIL: TestSplit (0.00s)
            split_test.go:21: got [a b], want [a]
        FAIL
        FAIL\texample.com/strs\t0.004s
        FAIL
        """;
    assertThat(new GoTestParser().parse(out)).contains(new TestCounts(2, 1, 0, "go"));
  }

  @Test
  void parse_tapIsNotGo() {
    assertThat(new GoTestParser().parse("1..2\nok 1 - adds\nok 2 - splits\n")).isEmpty();
  }
}
