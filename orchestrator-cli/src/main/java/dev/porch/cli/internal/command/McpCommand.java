package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.CliPorchHost;
import dev.porch.cli.internal.VersionProvider;
import dev.porch.mcp.PorchMcpServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code porch mcp}: porch as a Model Context Protocol server over stdio. */
@Command(
    name = "mcp",
    mixinStandardHelpOptions = true,
    description = {
      "Serve porch to an orchestrating agent (Claude Code, Codex, Cursor) as a Model Context",
      "Protocol server over stdin/stdout: tools spawn, launch, status, wait, conflicts, sync,",
      "cleanup, tell, and compete, divide, test_first, explore, safety_net (these start a run in",
      "the background and return its id at once); resources porch://status, porch://status/<task>,",
      "porch://logs/<task>, porch://runs/<id>, with update notifications. The agent's client",
      "starts it; you do not run it by hand. When the client goes away, it stays until the runs",
      "it started have ended. 'porch init --agent-files' registers it for Claude Code, Codex and",
      "Cursor. See docs/mcp.md."
    },
    footer = {
      "%nExamples:",
      "  porch mcp                              # what .mcp.json runs",
      "  claude mcp add porch -- porch mcp      # register it with Claude Code by hand",
      "  porch -C ~/src/shop mcp                # serve another repository"
    })
final class McpCommand implements Callable<Integer> {
  private final Porch root;

  McpCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() throws InterruptedException {
    var ctx = root.context();
    if (ctx.stdin() == null || ctx.stdout() == null) {
      throw new dev.porch.core.error.PorchException("porch mcp talks over its standard input and output; run it as its"
          + " own process (porch mcp), not inside another program");
    }
    var services = root.services();
    services.root(); // not a repository: say so now, on stderr, before the client waits for an answer
    PorchMcpServer.builder(new CliPorchHost(services)).version(VersionProvider.version()).build()
        .serve(ctx.stdin(), ctx.stdout());
    return 0;
  }
}
