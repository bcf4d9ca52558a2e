package dev.porch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks every hostile run must pass, whatever the input. */
final class Invariants {
  private Invariants() {}

  /**
   * No exception got out of porch, the exit code is 0, 1 or 2, no stack trace was printed, and nothing
   * guarded changed.
   */
  static void check(Cli.Result r, HostileRepo.Guarded before) {
    checkRun(r);
    assertThat(before.changes()).as(r.toString()).isEmpty();
  }

  /** The checks on the run alone: nothing escaped, exit 0, 1 or 2, no stack trace. */
  static void checkRun(Cli.Result r) {
    assertThat(r.escaped()).as(r.toString()).isNull();
    assertThat(r.code()).as(r.toString()).isIn(0, 1, 2);
    assertThat(r.err()).as(r.toString()).doesNotContain("\tat ").doesNotContain("Exception in thread");
    assertThat(r.out()).as(r.toString()).doesNotContain("\tat ");
  }
}
