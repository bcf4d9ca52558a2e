package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.AgentFiles;
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
      "with the documented defaults, and the files that let an orchestrating agent use",
      "porch (--agent-files): a Claude Code skill, the MCP server registration for Claude",
      "Code (.mcp.json), Codex (.codex/config.toml) and Cursor (.cursor/mcp.json), and an",
      "AGENTS.md section for agents in a worktree. A file that exists is left as it is",
      "(AGENTS.md gets porch's section appended once). Safe to run again."
    },
    footer = {"%nExamples:", "  porch init", "  porch init --config         # also write .porch.json",
        "  porch init --agent-files    # skill, MCP registrations, AGENTS.md"})
final class InitCommand implements Callable<Integer> {
  private final Porch root;

  @Option(names = "--config", description = "Also write .porch.json with the defaults (never overwrites).")
  boolean config;

  @Option(names = "--agent-files", description = "Also write the skill, MCP registrations and AGENTS.md section for coding agents (never overwrites).")
  boolean agentFiles;

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
    if (agentFiles) {
      for (AgentFiles.Outcome o : AgentFiles.write(services.root())) {
        if (o.result() == AgentFiles.Result.LEFT && o.file().path().equals("AGENTS.md")) {
          root.context().err().println("porch: AGENTS.md has porch's section already, or is not a file; left as it is");
        } else if (o.result() == AgentFiles.Result.LEFT) {
          root.context().err().println("porch: " + o.file().path() + " exists; left as it is (add porch's "
              + o.file().purpose() + " entry yourself; see docs/mcp.md)");
        } else if (!root.quiet()) {
          root.context().err().println("porch: " + (o.result() == AgentFiles.Result.WRITTEN ? "wrote " : "appended to ")
              + o.file().path() + " (" + o.file().purpose() + ")");
        }
      }
    }
    if (root.verbose()) {
      root.context().err().println("porch: initialised " + services.root());
    }
    return 0;
  }
}
