package dev.porch.mcp.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.core.error.PorchException;
import dev.porch.mcp.PorchHost;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One porch tool: its name, schemas and handler, and the one place a handler's outcome becomes an
 * MCP result. A document becomes structured content (and the same JSON as text, for clients that
 * read only text); any exception becomes a tool error ({@code isError}) with porch's message and the
 * CLI's hints, never a protocol error, so the calling model sees what to do next.
 */
final class Tool {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A tool's body: arguments in, a JSON document (maps and lists) out. */
  @FunctionalInterface
  interface Handler {
    Map<String, Object> call(Args args, Call call) throws Exception;
  }

  /** What a handler may use of the call besides its arguments: progress notifications. */
  record Call(McpSyncServerExchange exchange, Object progressToken) {
    /** Sends a progress notification when the client asked for them (it gave a progress token). */
    void progress(double done, Double total, String message) {
      if (progressToken != null && exchange != null) {
        exchange.progressNotification(new McpSchema.ProgressNotification(progressToken, done, total, message));
      }
    }
  }

  private Tool() {}

  static SyncToolSpecification of(PorchHost host, String name, String title, String description, Schema input,
      Schema output, boolean readOnly, boolean destructive, Handler handler) {
    McpSchema.Tool tool = McpSchema.Tool.builder()
        .name(name)
        .title(title)
        .description(description)
        .inputSchema(input.closed().build())
        .outputSchema(output.build())
        .annotations(new McpSchema.ToolAnnotations(title, readOnly, destructive, false, false, null))
        .build();
    return SyncToolSpecification.builder().tool(tool)
        .callHandler((exchange, request) -> run(host, handler, exchange, request))
        .build();
  }

  private static McpSchema.CallToolResult run(PorchHost host, Handler handler, McpSyncServerExchange exchange,
      McpSchema.CallToolRequest request) {
    try {
      Map<String, Object> doc = handler.call(new Args(request.arguments()), new Call(exchange, request.progressToken()));
      return McpSchema.CallToolResult.builder().structuredContent(doc).addTextContent(JSON.writeValueAsString(doc))
          .isError(false).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error("interrupted", List.of());
    } catch (PorchException e) {
      return error(message(e), host.hints(e));
    } catch (RuntimeException e) {
      // a library's refusal of a value (IllegalArgumentException) or a bug: the message is all we have
      return error(message(e), List.of());
    } catch (Exception e) {
      return error(message(e), List.of());
    }
  }

  static McpSchema.CallToolResult error(String message, List<String> hints) {
    List<String> lines = new ArrayList<>();
    lines.add("porch: error: " + message);
    hints.forEach(h -> lines.add("hint: " + h));
    return McpSchema.CallToolResult.builder().addTextContent(String.join("\n", lines)).isError(true).build();
  }

  private static String message(Throwable e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    return String.join(" ", m.strip().split("\\R"));
  }
}
