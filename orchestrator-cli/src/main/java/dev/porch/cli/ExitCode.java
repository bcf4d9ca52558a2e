package dev.porch.cli;

/** porch's exit codes, decided in one place and printed in {@code porch --help}. */
public enum ExitCode {
  /** Success. */
  OK(0, "success"),
  /** The operation failed (a merge conflicted, a test failed, git refused). */
  FAILED(1, "the operation failed"),
  /** Usage error: bad option, argument or name. */
  USAGE(2, "usage error (bad option, argument or name)"),
  /** Interrupted (Ctrl-C). */
  INTERRUPTED(130, "interrupted");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  /** The process exit code. */
  public int code() {
    return code;
  }

  /** What it means, for help. */
  public String meaning() {
    return meaning;
  }
}
