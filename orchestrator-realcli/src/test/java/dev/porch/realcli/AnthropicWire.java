package dev.porch.realcli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Anthropic Messages API as Claude Code calls it: {@code POST /v1/messages?beta=true} with
 * {@code stream: true}, answered with server-sent events ({@code message_start},
 * {@code content_block_start/delta/stop}, {@code message_delta}, {@code message_stop}). A
 * conversation turn is a request that offers tools (streamed, or whole when claude asks again after
 * a broken stream); everything else (the HEAD probe of the base URL, token counts, helper calls
 * without tools) is a side request answered so the CLI goes on. Usage numbers are put in every answer so the CLI reports tokens and cost.
 */
public final class AnthropicWire implements Wire {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Output tokens reported per answer; input tokens are a quarter of the request's length. */
  static final int OUTPUT_TOKENS = 25;
  /** The body of the API's 429, for {@link Step.HttpError}. */
  public static final String RATE_LIMITED =
      "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"scripted rate limit\"}}";
  /** The body of the API's 401 for a bad key, for {@link Step.HttpError}. */
  public static final String INVALID_KEY =
      "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}";
  private final AtomicLong ids = new AtomicLong();

  @Override
  public String name() {
    return "anthropic";
  }

  @Override
  public boolean takesStep(RecordedRequest request) {
    if (!"POST".equals(request.method()) || !request.path().equals("/v1/messages")) {
      return false;
    }
    // Claude Code's conversation turns offer its tools; its helper calls (titles, quota probes) do
    // not. A turn is streamed, but after a broken stream claude asks the same turn again without
    // streaming, so "stream" does not decide.
    return request.json().path("tools").size() > 0;
  }

  @Override
  public void answer(RecordedRequest request, Step step, HttpExchange exchange) throws IOException {
    String model = request.json().path("model").asText("claude-scripted");
    int input = Math.max(1, request.body().length() / 4);
    if (!request.json().path("stream").asBoolean(false)) {
      answerWhole(step, model, input, exchange);
      return;
    }
    try (OutputStream out = ScriptedModelServer.startEvents(exchange)) {
      ScriptedModelServer.event(out, "message_start", messageStart(model, input));
      if (step instanceof Step.Text t) {
        text(out, 0, t.text());
        finish(out, "end_turn");
      } else if (step instanceof Step.Shell s) {
        toolUse(out, 0, "Bash", bashInput(s));
        finish(out, "tool_use");
      } else if (step instanceof Step.ToolCall c) {
        toolUse(out, 0, c.name(), c.jsonInput());
        finish(out, "tool_use");
      } else if (step instanceof Step.Truncated t) {
        ScriptedModelServer.event(out, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        ScriptedModelServer.event(out, "content_block_delta", delta(0, "text_delta", "text", t.text()));
        // closing here, before content_block_stop and message_stop, is the cut
      } else {
        throw new IllegalArgumentException("AnthropicWire cannot render " + step);
      }
    }
  }

  /** A turn asked without streaming: one JSON message (a Truncated step sends half of it). */
  private void answerWhole(Step step, String model, int input, HttpExchange exchange) throws IOException {
    ObjectNode msg = message(model, input);
    ((ObjectNode) msg.get("usage")).put("output_tokens", OUTPUT_TOKENS);
    if (step instanceof Step.Text t) {
      msg.withArray("content").addObject().put("type", "text").put("text", t.text());
      msg.put("stop_reason", "end_turn");
    } else if (step instanceof Step.Shell || step instanceof Step.ToolCall) {
      String name = step instanceof Step.ToolCall c ? c.name() : "Bash";
      String in = step instanceof Step.ToolCall c ? c.jsonInput() : bashInput((Step.Shell) step);
      msg.withArray("content").addObject().put("type", "tool_use").put("id", "toolu_scripted_" + ids.incrementAndGet())
          .put("name", name).set("input", JSON.readTree(in));
      msg.put("stop_reason", "tool_use");
    } else if (step instanceof Step.Truncated) {
      byte[] half = JSON.writeValueAsBytes(msg);
      exchange.getResponseHeaders().set("content-type", "application/json");
      exchange.sendResponseHeaders(200, half.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(half, 0, half.length / 2);
      }
      return;
    } else {
      throw new IllegalArgumentException("AnthropicWire cannot render " + step);
    }
    ScriptedModelServer.sendJson(exchange, 200, JSON.writeValueAsString(msg));
  }

  private static String bashInput(Step.Shell s) throws IOException {
    return JSON.writeValueAsString(JSON.createObjectNode().put("command", s.command()).put("description", "Run " + s.command()));
  }

  @Override
  public void answerSide(RecordedRequest request, HttpExchange exchange) throws IOException {
    if (request.method().equals("HEAD")) {
      // claude checks that the base URL answers before its first turn
      exchange.sendResponseHeaders(200, -1);
    } else if (request.path().equals("/v1/messages/count_tokens")) {
      ScriptedModelServer.sendJson(exchange, 200, "{\"input_tokens\":" + Math.max(1, request.body().length() / 4) + "}");
    } else if (request.path().equals("/v1/messages")) {
      JsonNode body = request.json();
      String model = body.path("model").asText("claude-scripted");
      int input = Math.max(1, request.body().length() / 4);
      if (body.path("stream").asBoolean(false)) {
        try (OutputStream out = ScriptedModelServer.startEvents(exchange)) {
          ScriptedModelServer.event(out, "message_start", messageStart(model, input));
          text(out, 0, "ok");
          finish(out, "end_turn");
        }
      } else {
        ObjectNode msg = message(model, input);
        msg.putArray("content").addObject().put("type", "text").put("text", "ok");
        msg.put("stop_reason", "end_turn");
        ((ObjectNode) msg.get("usage")).put("output_tokens", 1);
        ScriptedModelServer.sendJson(exchange, 200, JSON.writeValueAsString(msg));
      }
    } else {
      ScriptedModelServer.sendJson(exchange, 404, "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\","
          + "\"message\":\"not scripted\"}}");
    }
  }

  private ObjectNode message(String model, int input) {
    ObjectNode msg = JSON.createObjectNode();
    msg.put("id", "msg_scripted_" + ids.incrementAndGet()).put("type", "message").put("role", "assistant")
        .put("model", model);
    msg.putArray("content");
    msg.putNull("stop_reason");
    msg.putNull("stop_sequence");
    msg.putObject("usage").put("input_tokens", input).put("cache_creation_input_tokens", 0)
        .put("cache_read_input_tokens", 0).put("output_tokens", 1);
    return msg;
  }

  private String messageStart(String model, int input) throws IOException {
    ObjectNode ev = JSON.createObjectNode().put("type", "message_start");
    ev.set("message", message(model, input));
    return JSON.writeValueAsString(ev);
  }

  private static void text(OutputStream out, int index, String text) throws IOException {
    ScriptedModelServer.event(out, "content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
        + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
    ScriptedModelServer.event(out, "content_block_delta", delta(index, "text_delta", "text", text));
    ScriptedModelServer.event(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
  }

  private void toolUse(OutputStream out, int index, String name, String jsonInput) throws IOException {
    ObjectNode start = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
    start.putObject("content_block").put("type", "tool_use").put("id", "toolu_scripted_" + ids.incrementAndGet())
        .put("name", name).putObject("input");
    ScriptedModelServer.event(out, "content_block_start", JSON.writeValueAsString(start));
    ScriptedModelServer.event(out, "content_block_delta", delta(index, "input_json_delta", "partial_json", jsonInput));
    ScriptedModelServer.event(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
  }

  private static String delta(int index, String type, String field, String value) throws IOException {
    ObjectNode ev = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
    ev.putObject("delta").put("type", type).put(field, value);
    return JSON.writeValueAsString(ev);
  }

  private static void finish(OutputStream out, String stopReason) throws IOException {
    ObjectNode ev = JSON.createObjectNode().put("type", "message_delta");
    ev.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
    ev.putObject("usage").put("output_tokens", OUTPUT_TOKENS);
    ScriptedModelServer.event(out, "message_delta", JSON.writeValueAsString(ev));
    ScriptedModelServer.event(out, "message_stop", "{\"type\":\"message_stop\"}");
  }
}
