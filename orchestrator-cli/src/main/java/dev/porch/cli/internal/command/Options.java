package dev.porch.cli.internal.command;

import picocli.CommandLine.Option;

/** Options several commands share, as picocli mixins. */
final class Options {
  private Options() {}

  /** {@code --json}: machine-readable output with a versioned schema. */
  static final class Json {
    @Option(names = "--json", description = "Print JSON (a documented, versioned shape) instead of text.")
    boolean json;
  }

  /** {@code --dry-run}: say what would happen, change nothing. */
  static final class DryRun {
    @Option(names = {"-n", "--dry-run"}, description = "Show what would be done; change nothing.")
    boolean dryRun;
  }
}
