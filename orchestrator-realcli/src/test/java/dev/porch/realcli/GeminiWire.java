package dev.porch.realcli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Gemini API ({@code generativelanguage.googleapis.com/v1beta}) as Gemini CLI 0.61.0 calls it
 * with an API key and {@code GOOGLE_GEMINI_BASE_URL}: each turn is {@code POST
 * /v1beta/models/MODEL:streamGenerateContent?alt=sse}, answered with SSE {@code data:} lines, each a
 * {@code GenerateContentResponse} (candidates[0].content.parts, finishReason, usageMetadata).
 *
 * <p>Side requests: the model router (model "auto") asks {@code :generateContent} for a JSON choice
 * and gets "flash"; {@code :countTokens} gets a count; anything else gets 404 {@code {}}.
 */
public final class GeminiWire implements Wire {
  /** The CLI's own shell tool. */
  public static final String SHELL_TOOL = "run_shell_command";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AtomicInteger responses = new AtomicInteger();

  @Override
  public String name() {
    return "gemini";
  }

  @Override
  public boolean takesStep(RecordedRequest request) {
    return "POST".equals(request.method()) && request.path().endsWith(":streamGenerateContent");
  }

  @Override
  public void answer(RecordedRequest request, Step step, HttpExchange exchange) throws IOException {
    String model = modelOf(request);
    int input = Math.max(1, request.body().length() / 4);
    if (step instanceof Step.Truncated t) {
      truncated(exchange, chunk(model, textParts(t.text()), null, null));
      return;
    }
    OutputStream out = ScriptedModelServer.startEvents(exchange);
    try (out) {
      if (step instanceof Step.Text t) {
        // two chunks, as the real API streams text in pieces; only the last has finishReason
        int half = t.text().length() / 2;
        ScriptedModelServer.event(out, null, chunk(model, textParts(t.text().substring(0, half)), null, null));
        ScriptedModelServer.event(out, null, chunk(model, textParts(t.text().substring(half)), "STOP",
            usage(input, Math.max(1, t.text().length() / 4))));
      } else {
        ScriptedModelServer.event(out, null, chunk(model, callParts(step), "STOP", usage(input, 12)));
      }
    }
  }

  @Override
  public void answerSide(RecordedRequest request, HttpExchange exchange) throws IOException {
    String path = request.path();
    if (path.endsWith(":generateContent")) {
      // the router and other classifiers want a JSON object as text; these keys satisfy all of them
      String choice = "{\"reasoning\":\"scripted\",\"model_choice\":\"flash\","
          + "\"complexity_reasoning\":\"scripted\",\"complexity_score\":10}";
      ScriptedModelServer.sendJson(exchange, 200, chunk(modelOf(request), textParts(choice), "STOP", usage(50, 20)));
    } else if (path.endsWith(":countTokens")) {
      ScriptedModelServer.sendJson(exchange, 200, "{\"totalTokens\":" + Math.max(1, request.body().length() / 4) + "}");
    } else {
      ScriptedModelServer.sendJson(exchange, 404, "{}");
    }
  }

  /** The model named in the path {@code /v1beta/models/MODEL:method}. */
  static String modelOf(RecordedRequest request) {
    String p = request.path();
    int slash = p.lastIndexOf('/');
    int colon = p.lastIndexOf(':');
    return slash >= 0 && colon > slash ? p.substring(slash + 1, colon) : "gemini-2.5-flash";
  }

  private static ArrayNode textParts(String text) {
    ArrayNode parts = JSON.createArrayNode();
    parts.addObject().put("text", text);
    return parts;
  }

  private static ArrayNode callParts(Step step) throws IOException {
    String name;
    JsonNode args;
    if (step instanceof Step.Shell s) {
      name = SHELL_TOOL;
      args = JSON.createObjectNode().put("command", s.command());
    } else if (step instanceof Step.ToolCall c) {
      name = c.name();
      args = JSON.readTree(c.jsonInput());
    } else {
      throw new IllegalArgumentException("not a tool step: " + step);
    }
    ArrayNode parts = JSON.createArrayNode();
    ObjectNode call = parts.addObject().putObject("functionCall");
    call.put("name", name);
    call.set("args", args);
    return parts;
  }

  private static ObjectNode usage(int input, int output) {
    return JSON.createObjectNode().put("promptTokenCount", input).put("candidatesTokenCount", output)
        .put("totalTokenCount", input + output);
  }

  private String chunk(String model, ArrayNode parts, String finish, ObjectNode usage) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode cand = root.putArray("candidates").addObject();
    ObjectNode content = cand.putObject("content");
    content.set("parts", parts);
    content.put("role", "model");
    if (finish != null) {
      cand.put("finishReason", finish);
    }
    cand.put("index", 0);
    if (usage != null) {
      root.set("usageMetadata", usage);
    }
    root.put("modelVersion", model);
    root.put("responseId", "scripted-" + responses.incrementAndGet());
    return root.toString();
  }

  /**
   * Promises a longer body than it sends and closes: the JDK server then drops the connection, so
   * the CLI sees a stream cut after its first event (not a clean end of a chunked body).
   */
  private static void truncated(HttpExchange exchange, String firstEvent) throws IOException {
    byte[] head = ("data: " + firstEvent + "\n\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", "text/event-stream");
    exchange.sendResponseHeaders(200, head.length + 4096L);
    OutputStream out = exchange.getResponseBody();
    out.write(head);
    out.flush();
    out.close(); // throws "insufficient bytes written" after closing the connection: the point
  }
}
