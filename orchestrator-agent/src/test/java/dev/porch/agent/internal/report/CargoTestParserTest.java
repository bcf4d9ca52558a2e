package dev.porch.agent.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CargoTestParserTest {
  @Test
  void parse_sumsEveryTestBinary() {
    String out = """
           Compiling calc v0.1.0 (/work/calc)
            Finished test [unoptimized + debuginfo] target(s) in 1.21s
             Running unittests src/lib.rs (target/debug/deps/calc-1a2b3c)

        running 6 tests
        test tests::adds ... ok
        test tests::divides_by_zero ... FAILED
        test tests::slow ... ignored

        failures:

        ---- tests::divides_by_zero stdout ----
        thread 'tests::divides_by_zero' panicked at 'attempt to divide by zero', src/lib.rs:20:5

        test result: FAILED. 4 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s

           Doc-tests calc

        running 1 test
        test src/lib.rs - add (line 3) ... ok

        test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.31s
        """;
    assertThat(new CargoTestParser().parse(out)).contains(new TestCounts(5, 1, 1, "cargo"));
  }

  @Test
  void parse_otherOutput() {
    assertThat(new CargoTestParser().parse("running 0 tests\n")).isEmpty();
  }
}
