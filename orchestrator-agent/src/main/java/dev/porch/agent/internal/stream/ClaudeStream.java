package dev.porch.agent.internal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porch.core.port.Usage;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Claude Code's {@code --output-format stream-json --verbose}: {@code system/init} (session, model),
 * {@code system/api_retry} (a failed request it retries: {@code error_status}, {@code error} one of
 * rate_limit, overloaded, authentication_failed, server_error), {@code assistant} (text and tool_use
 * blocks, per-request usage, an {@code error} field on a message that reports a failure), {@code
 * user} (tool results), {@code result} (num_turns, total_cost_usd, usage for the whole run,
 * is_error, result text). Qwen Code's {@code --output-format stream-json} writes the same lines; its failed
 * {@code result} has no text but an {@code error.message}.
 */
final class ClaudeStream extends StreamParser {
  private Usage done = Usage.NONE;
  private String messageId;
  private Usage message = Usage.NONE;
  private int turns;

  ClaudeStream(String cli) {
    super(cli);
  }

  @Override
  protected void read(JsonNode e, StreamSink sink) {
    switch (Objects.requireNonNullElse(Text.text(e, "type"), "")) {
      case "system" -> system(e, sink);
      case "assistant" -> assistant(e, sink);
      case "user" -> user(e, sink);
      case "result" -> result(e, sink);
      default -> { }
    }
  }

  private void system(JsonNode e, StreamSink sink) {
    String subtype = Objects.requireNonNullElse(Text.text(e, "subtype"), "");
    if (subtype.equals("init")) {
      String session = Text.text(e, "session_id");
      String model = Text.text(e, "model");
      sink.activity(a -> a.withSession(session).withDoing("starting"));
      sink.transcript("[session " + Text.line(session) + (model == null ? "" : ", model " + Text.line(model)) + "]");
    } else if (subtype.equals("api_retry")) {
      retry(e, sink);
    } else if (subtype.equals("compact_boundary")) {
      sink.transcript("[context compacted]");
    }
  }

  private void retry(JsonNode e, StreamSink sink) {
    String error = Objects.requireNonNullElse(Text.text(e, "error"), "unknown");
    long status = Text.count(e, "error_status");
    String what = "API error " + (status > 0 ? status + " " : "") + error + ", attempt " + Text.count(e, "attempt")
        + " of " + Text.count(e, "max_retries");
    if (error.equals("authentication_failed") || status == 401) {
      sink.loginFailed("the API key was refused", Text.line(what));
      return;
    }
    String notice;
    if (error.equals("rate_limit") || status == 429) {
      notice = Troubles.notice("rate limited (" + (status > 0 ? status : 429) + ")", cli);
      sink.rateLimited(notice);
    } else if (error.equals("overloaded") || status == 529) {
      notice = Troubles.notice("overloaded (" + (status > 0 ? status : 529) + ")", cli);
      sink.rateLimited(notice);
    } else {
      notice = Troubles.notice(Text.line("API error" + (status > 0 ? " " + status : "") + " (" + error + ")"), cli);
      String n = notice;
      sink.activity(a -> a.withNotice(n));
    }
    sink.transcript("! " + Text.line(what) + "; retrying");
  }

  private void assistant(JsonNode e, StreamSink sink) {
    JsonNode msg = e.path("message");
    usage(msg, sink);
    String error = Text.text(e, "error");
    StringBuilder said = new StringBuilder();
    for (JsonNode block : msg.path("content")) {
      String type = Objects.requireNonNullElse(Text.text(block, "type"), "");
      if (type.equals("text")) {
        String text = Text.text(block, "text");
        said.append(text == null ? "" : text).append('\n');
        Text.lines(text).forEach(sink::transcript);
        String last = Text.lastLine(text);
        if (last != null) {
          sink.activity(a -> a.withLastMessage(last));
        }
      } else if (type.equals("tool_use")) {
        String step = Text.step(Text.text(block, "name"), block.get("input"));
        sink.activity(a -> a.withDoing(step));
        sink.transcript("> " + step);
      } else if (type.equals("thinking")) {
        sink.activity(a -> a.withDoing("thinking"));
      }
    }
    if (error != null) {
      // A message the CLI wrote itself to report a failed request ("error": authentication_failed,
      // rate_limit, ...), its text e.g. "Invalid API key · Fix external API key".
      String text = Text.firstLine(said.toString());
      String line = text.isEmpty() ? error : text;
      if (error.equals("authentication_failed")) {
        sink.loginFailed(Troubles.login(line).orElse("the API key was refused"), line);
      } else {
        Troubles.report(error.equals("rate_limit") || error.equals("overloaded") ? line + " (" + error + ")" : line,
            cli, sink, false);
      }
    }
  }

  /** Per-request usage: one API response may come as several assistant lines with the same id. */
  private void usage(JsonNode msg, StreamSink sink) {
    JsonNode u = msg.get("usage");
    if (u == null || !u.isObject()) {
      return;
    }
    String id = Text.text(msg, "id");
    if (id == null || !id.equals(messageId)) {
      done = done.plus(message);
      turns++;
      messageId = id;
    }
    message = new Usage(input(u), Text.count(u, "output_tokens"), 0, OptionalDouble.empty());
    Usage total = done.plus(message);
    Usage shown = new Usage(total.inputTokens(), total.outputTokens(), turns, OptionalDouble.empty());
    sink.activity(a -> a.withUsage(shown).withNotice(null)); // a request was answered: no longer held up
  }

  private static long input(JsonNode u) {
    return Text.count(u, "input_tokens") + Text.count(u, "cache_creation_input_tokens")
        + Text.count(u, "cache_read_input_tokens");
  }

  private void user(JsonNode e, StreamSink sink) {
    for (JsonNode block : e.path("message").path("content")) {
      if (!"tool_result".equals(Text.text(block, "type"))) {
        continue;
      }
      JsonNode content = block.get("content");
      String text;
      if (content != null && content.isArray()) {
        StringBuilder b = new StringBuilder();
        content.forEach(c -> b.append(Objects.requireNonNullElse(Text.text(c, "text"), "")).append('\n'));
        text = b.toString();
      } else {
        text = content == null ? "" : content.asText();
      }
      boolean failed = block.path("is_error").asBoolean(false);
      sink.transcript((failed ? "  ! " : "  = ") + Text.firstLine(text));
    }
  }

  private void result(JsonNode e, StreamSink sink) {
    JsonNode u = e.get("usage");
    int n = (int) Math.min(Integer.MAX_VALUE, Text.count(e, "num_turns"));
    JsonNode cost = e.get("total_cost_usd");
    Usage total = u != null && u.isObject()
        ? new Usage(input(u), Text.count(u, "output_tokens"), n > 0 ? n : turns,
            cost != null && cost.isNumber() ? OptionalDouble.of(cost.asDouble()) : OptionalDouble.empty())
        : done.plus(message);
    String session = Text.text(e, "session_id");
    String text = Text.text(e, "result");
    String last = Text.lastLine(text);
    boolean failed = e.path("is_error").asBoolean(false);
    sink.activity(a -> {
      var b = a.withUsage(total).withDoing(failed ? "failed" : "finished");
      b = session == null ? b : b.withSession(session);
      return last == null || failed ? b : b.withLastMessage(last);
    });
    if (failed) {
      JsonNode errors = e.path("errors");
      String listed = errors.isArray() && errors.size() > 0 ? errors.get(0).asText() : null;
      String qwen = Text.text(e.path("error"), "message");
      String why = text != null && !text.isBlank() ? text
          : listed != null ? listed
          : qwen != null && !qwen.isBlank() ? qwen : Objects.requireNonNullElse(Text.text(e, "subtype"), "error");
      Troubles.report(why, cli, sink, false);
    }
    sink.transcript("[" + (failed ? "failed" : "done") + ": " + Summary.of(total) + "]");
  }
}
