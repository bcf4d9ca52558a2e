package dev.porch.realcli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The OpenAI Responses API ({@code POST /v1/responses} with {@code stream: true}) as codex-cli
 * 0.171.0 calls it through a custom model provider with {@code wire_api = "responses"}.
 *
 * <p>A {@link Step.Shell} becomes a call of codex's own shell tool, in whichever form the request
 * offers it: codex's default model gets one custom tool {@code exec} (JavaScript run in a V8
 * isolate, where {@code tools.exec_command} is the shell), other models get a plain function
 * {@code exec_command} with {@code {"cmd": ...}}; the wire reads the request's tools to choose. A
 * {@link Step.ToolCall} named {@code exec} is a custom tool call whose input is the JavaScript
 * itself (a JSON string is unwrapped); any other name is a function call with that name and JSON
 * arguments. Every response ends with {@code response.completed} carrying usage, so codex reports
 * tokens in {@code turn.completed}.
 *
 * <p>Thread-safe; the only state is a counter that keeps item and call ids unique across a server's
 * life (codex sends earlier calls back on every turn and on a resume).
 */
public final class OpenAiResponsesWire implements Wire {
  /** Tokens reported per response: input, of which cached, output, of which reasoning. */
  public static final int INPUT_TOKENS = 1200;
  public static final int CACHED_TOKENS = 200;
  public static final int OUTPUT_TOKENS = 30;
  public static final int REASONING_TOKENS = 5;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TITLE_PROMPT = "Generate a concise, single-line task title";
  private final AtomicLong ids = new AtomicLong();
  private final Optional<Integer> retryAfterSeconds;

  /** A wire whose HTTP errors carry no {@code retry-after} header. */
  public OpenAiResponsesWire() {
    this(Optional.empty());
  }

  private OpenAiResponsesWire(Optional<Integer> retryAfterSeconds) {
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * A wire whose 429 and 5xx answers carry {@code retry-after: seconds}: codex 0.171.0 retries a
   * 429 only when that header is there (without it, it gives up at once).
   */
  public static OpenAiResponsesWire withRetryAfter(int seconds) {
    return new OpenAiResponsesWire(Optional.of(seconds));
  }

  @Override
  public String name() {
    return "openai-responses";
  }

  @Override
  public boolean takesStep(RecordedRequest request) {
    return isResponses(request) && !isTitleRequest(request);
  }

  private static boolean isResponses(RecordedRequest request) {
    return "POST".equals(request.method()) && request.path().endsWith("/responses");
  }

  /** The interactive TUI asks the model for a thread title on the side: not a turn of the task. */
  static boolean isTitleRequest(RecordedRequest request) {
    JsonNode input = request.json().path("input");
    JsonNode last = input.isArray() && input.size() > 0 ? input.get(input.size() - 1) : JSON.missingNode();
    return last.path("content").path(0).path("text").asText().startsWith(TITLE_PROMPT);
  }

  @Override
  public Map<String, String> errorHeaders(Step.HttpError error) {
    boolean retryable = error.status() == 429 || error.status() >= 500;
    return retryable && retryAfterSeconds.isPresent()
        ? Map.of("retry-after", retryAfterSeconds.get().toString()) : Map.of();
  }

  @Override
  public void answerSide(RecordedRequest request, HttpExchange exchange) throws IOException {
    if (isResponses(request)) {
      answer(request, new Step.Text("Scripted porch task"), exchange);
    } else if ("GET".equals(request.method()) && request.path().endsWith("/models")) {
      ScriptedModelServer.sendJson(exchange, 200, "{\"object\":\"list\",\"data\":[],\"models\":[]}");
    } else {
      ScriptedModelServer.sendJson(exchange, 404, "{}");
    }
  }

  @Override
  public void answer(RecordedRequest request, Step step, HttpExchange exchange) throws IOException {
    long n = ids.incrementAndGet();
    String responseId = "resp_porch_" + n;
    try (OutputStream out = ScriptedModelServer.startEvents(exchange)) {
      ObjectNode created = JSON.createObjectNode();
      created.putObject("response").put("id", responseId).put("status", "in_progress");
      send(out, "response.created", created);
      if (step instanceof Step.Truncated t) {
        send(out, "response.output_text.delta", delta("msg_porch_" + n, t.text()));
        return; // closed without response.completed: codex sees a stream cut half way
      }
      if (step instanceof Step.Text t) {
        sendText(out, "msg_porch_" + n, t.text());
      } else if (step instanceof Step.Shell s) {
        sendItem(out, shellCall(request.json(), s.command(), n));
      } else if (step instanceof Step.ToolCall c) {
        sendItem(out, toolCall(c, n));
      } else {
        throw new IllegalArgumentException("not a wire step: " + step);
      }
      ObjectNode done = JSON.createObjectNode();
      ObjectNode response = done.putObject("response").put("id", responseId).put("status", "completed");
      ObjectNode usage = response.putObject("usage");
      usage.put("input_tokens", INPUT_TOKENS);
      usage.putObject("input_tokens_details").put("cached_tokens", CACHED_TOKENS);
      usage.put("output_tokens", OUTPUT_TOKENS);
      usage.putObject("output_tokens_details").put("reasoning_tokens", REASONING_TOKENS);
      usage.put("total_tokens", INPUT_TOKENS + OUTPUT_TOKENS);
      send(out, "response.completed", done);
    }
  }

  /** Whether the request offers codex's code-mode tool {@code exec} (custom, JavaScript). */
  static boolean offersCodeMode(JsonNode body) {
    if (hasCustomExec(body.path("tools"))) {
      return true;
    }
    for (JsonNode item : body.path("input")) {
      if ("additional_tools".equals(item.path("type").asText()) && hasCustomExec(item.path("tools"))) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasCustomExec(JsonNode tools) {
    for (JsonNode t : tools) {
      if ("custom".equals(t.path("type").asText()) && "exec".equals(t.path("name").asText())) {
        return true;
      }
      if ("namespace".equals(t.path("type").asText()) && hasCustomExec(t.path("tools"))) {
        return true;
      }
    }
    return false;
  }

  private static ObjectNode shellCall(JsonNode body, String command, long n) {
    if (offersCodeMode(body)) {
      String js = "const r = await tools.exec_command({cmd: " + JSON.valueToTree(command) + "});\ntext(r);";
      return customCall("exec", js, n);
    }
    ObjectNode args = JSON.createObjectNode().put("cmd", command);
    return functionCall("exec_command", args.toString(), n);
  }

  private static ObjectNode toolCall(Step.ToolCall c, long n) {
    if ("exec".equals(c.name())) {
      String input = c.jsonInput();
      try {
        JsonNode parsed = JSON.readTree(input);
        if (parsed != null && parsed.isTextual()) {
          input = parsed.asText();
        }
      } catch (IOException e) {
        // raw JavaScript, not JSON: sent as it is
      }
      return customCall("exec", input, n);
    }
    return functionCall(c.name(), c.jsonInput(), n);
  }

  private static ObjectNode customCall(String name, String input, long n) {
    return JSON.createObjectNode().put("type", "custom_tool_call").put("id", "ctc_porch_" + n)
        .put("status", "completed").put("call_id", "call_porch_" + n).put("name", name).put("input", input);
  }

  private static ObjectNode functionCall(String name, String arguments, long n) {
    return JSON.createObjectNode().put("type", "function_call").put("id", "fc_porch_" + n)
        .put("status", "completed").put("call_id", "call_porch_" + n).put("name", name).put("arguments", arguments);
  }

  private static void sendText(OutputStream out, String itemId, String text) throws IOException {
    ObjectNode empty = JSON.createObjectNode().put("type", "message").put("id", itemId).put("role", "assistant")
        .put("status", "in_progress");
    empty.putArray("content");
    ObjectNode added = JSON.createObjectNode().put("output_index", 0);
    added.set("item", empty);
    send(out, "response.output_item.added", added);
    send(out, "response.output_text.delta", delta(itemId, text));
    ObjectNode item = JSON.createObjectNode().put("type", "message").put("id", itemId).put("role", "assistant")
        .put("status", "completed");
    ArrayNode content = item.putArray("content");
    content.addObject().put("type", "output_text").put("text", text).putArray("annotations");
    sendItem(out, item);
  }

  private static ObjectNode delta(String itemId, String text) {
    return JSON.createObjectNode().put("item_id", itemId).put("output_index", 0).put("content_index", 0)
        .put("delta", text);
  }

  private static void sendItem(OutputStream out, ObjectNode item) throws IOException {
    ObjectNode done = JSON.createObjectNode().put("output_index", 0);
    done.set("item", item);
    send(out, "response.output_item.done", done);
  }

  private static void send(OutputStream out, String type, ObjectNode data) throws IOException {
    ObjectNode withType = JSON.createObjectNode().put("type", type);
    withType.setAll(data);
    ScriptedModelServer.event(out, type, withType.toString());
  }
}
