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

  /** {@code --sandbox}: how the OS confines the agents this command launches. */
  static final class Sandbox {
    @Option(names = "--sandbox", paramLabel = "POLICY", description = "Confine agents with the OS sandbox:"
        + " off, worktree (writes only in its worktree and branch) or strict (also no network, a clean"
        + " environment). Default: .porch.json's sandbox, else off. See docs/sandbox.md.")
    String sandbox;

    /** Hands {@code --sandbox} to the services, when given. */
    void apply(dev.porch.project.Project services) {
      if (sandbox != null) {
        try {
          services.sandbox(dev.porch.core.port.SandboxPolicy.of(sandbox));
        } catch (IllegalArgumentException e) {
          throw dev.porch.cli.internal.Usage.error("--sandbox: " + e.getMessage());
        }
      }
    }
  }
}
