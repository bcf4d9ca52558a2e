package dev.porch.agent.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PytestParserTest {
  @Test
  void parse_fullSummaryLine() {
    String out = """
        ============================= test session starts ==============================
        platform linux -- Python 3.11.2, pytest-7.4.0, pluggy-1.2.0
        rootdir: /work/app
        collected 6 items

        tests/test_auth.py ..F.ss                                                [100%]

        =================================== FAILURES ===================================
        ________________________________ test_logout ___________________________________
        E       assert 401 == 200
        FAILED tests/test_auth.py::test_logout - assert 401 == 200
        ==================== 3 passed, 1 failed, 2 skipped in 0.12s ====================
        """;
    assertThat(new PytestParser().parse(out)).contains(new TestCounts(3, 1, 2, "pytest"));
  }

  @Test
  void parse_quietSummaryWithErrorsAndWarnings() {
    String out = "..E.x\n1 failed, 4 passed, 1 error, 1 xfailed, 2 warnings in 1.05s\n";
    assertThat(new PytestParser().parse(out)).contains(new TestCounts(4, 2, 1, "pytest"));
  }

  @Test
  void parse_noTestsRan() {
    assertThat(new PytestParser().parse("============ no tests ran in 0.01s ============\n"))
        .contains(new TestCounts(0, 0, 0, "pytest"));
  }

  @Test
  void parse_otherOutput() {
    assertThat(new PytestParser().parse("3 passed the review\nBUILD SUCCESS\n")).isEmpty();
  }
}
