package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.CommandIo;
import dev.porch.project.PorchConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code porch init}: prepares a repository for porch. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Prepare this repository for porch: add .worktrees/ and .agent-status/ to",
      ".git/info/exclude (not to a tracked file), and optionally write a .porch.json",
      "with the documented defaults. Safe to run again."
    },
    footer = {"%nExamples:", "  porch init", "  porch init --config   # also write .porch.json"})
final class InitCommand implements Callable<Integer> {
  private final Porch root;

  @Option(names = "--config", description = "Also write .porch.json with the defaults (never overwrites).")
  boolean config;

  InitCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() throws Exception {
    var services = root.services();
    services.workspaces().init();
    if (config) {
      Path file = services.root().resolve(PorchConfig.FILE);
      if (!CommandIo.writeIfAbsent(file, PorchConfig.template())) {
        root.context().err().println("porch: " + PorchConfig.FILE + " exists; left as it is");
      }
    }
    if (root.verbose()) {
      root.context().err().println("porch: initialised " + services.root());
    }
    return 0;
  }
}
