package dev.porch.mcp.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.mcp.PorchHost;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Builds the SDK's server with porch's tools and resources over one stdio pair, and runs it. */
public final class Server {
  static final String INSTRUCTIONS = "porch runs several coding agents in parallel, each in its own git worktree"
      + " (" + dev.porch.core.StateLayout.WORKTREES_FOLDER + "/<task>, branch feature/<task>), tracks them in "
      + dev.porch.core.StateLayout.STATUS_FOLDER + "/<task>.json, judges their work"
      + " by running tests and merges the best. Start a whole pattern with compete, divide, test_first, explore or"
      + " safety_net (each returns a run id at once), or step by step with spawn then launch; follow with wait (or"
      + " subscribe to porch://status); merge with sync; remove worktrees with cleanup.";

  private final PorchHost host;
  private final String version;
  public Server(PorchHost host, String version) {
    this.host = host;
    this.version = version;
  }

  /**
   * Serves one client until it closes its end of {@code in}, then stays until the runs it started
   * have ended.
   */
  public void serve(InputStream in, OutputStream out) throws InterruptedException {
    CountDownLatch ended = new CountDownLatch(1);
    JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
    InputStream checked = new Inbound(in, out, mapper, ended::countDown);
    try (Runs runs = new Runs(host); Resources resources = new Resources(host, runs)) {
      McpSyncServer server = build(new StdioServerTransportProvider(mapper, checked, out), runs, resources);
      try {
        resources.attach(server);
        ended.await();
        runs.awaitAll(Duration.ofMinutes(1));
      } finally {
        server.closeGracefully();
      }
    }
  }

  McpSyncServer build(StdioServerTransportProvider transport, Runs runs, Resources resources) {
    List<SyncToolSpecification> tools = new ArrayList<>(new WorkflowTools(host, runs).all());
    tools.add(new WaitTool(host, runs).spec());
    tools.addAll(new PatternTools(host, runs).all());
    tools.addAll(new ReviewTools(host, runs).all());
    return McpServer.sync(transport)
        .serverInfo(new McpSchema.Implementation("porch", "porch", version))
        .instructions(INSTRUCTIONS)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(true, true).build())
        .validateToolInputs(true)
        .tools(tools)
        .resources(resources.statics())
        .resourceTemplates(resources.templates())
        .build();
  }
}
