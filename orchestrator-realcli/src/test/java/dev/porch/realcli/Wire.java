package dev.porch.realcli;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;

/**
 * One model API's wire format (Anthropic Messages, OpenAI Responses, Gemini generateContent), as
 * the scripted model server speaks it. Implementations are stateless and thread-safe.
 */
public interface Wire {
  /** A short name, e.g. {@code anthropic}. */
  String name();

  /**
   * Whether {@code request} asks the model for a turn of the conversation and so takes the next
   * {@link Step}. Side requests (a router's model choice, token counting, model listing, telemetry)
   * do not; they are answered by {@link #answerSide}.
   */
  boolean takesStep(RecordedRequest request);

  /**
   * Answers a conversation request with {@code step}. {@link Step.HttpError}, {@link Step.Truncated}
   * and {@link Step.Hang} are handled by the server before this is called only for HttpError and
   * Hang; Truncated is the wire's to render (it knows what a first event looks like).
   *
   * @param request the request
   * @param step the scripted answer (Shell, ToolCall, Text or Truncated)
   * @param exchange where to write the response; the wire sends headers and closes the body
   * @throws IOException if the client went away
   */
  void answer(RecordedRequest request, Step step, HttpExchange exchange) throws IOException;

  /**
   * Answers a side request (see {@link #takesStep}); the default answers 404 with an empty JSON object.
   *
   * @throws IOException if the client went away
   */
  default void answerSide(RecordedRequest request, HttpExchange exchange) throws IOException {
    ScriptedModelServer.sendJson(exchange, 404, "{}");
  }

  /**
   * Extra headers of the answer to a scripted {@link Step.HttpError} (e.g. {@code retry-after}, which
   * decides whether some CLIs retry a 429 at all); the default adds none.
   */
  default Map<String, String> errorHeaders(Step.HttpError error) {
    return Map.of();
  }
}
