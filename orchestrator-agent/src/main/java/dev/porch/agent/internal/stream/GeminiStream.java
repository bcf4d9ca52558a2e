package dev.porch.agent.internal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porch.core.port.Usage;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Gemini CLI's {@code -o stream-json}: {@code init} (session_id, model), {@code message} (role,
 * content; {@code delta: true} pieces of one assistant message), {@code tool_use} (tool_name,
 * parameters), {@code tool_result} (status, output or error), {@code error} (severity, message),
 * {@code result} (status, error, stats: input_tokens/output_tokens in total, or per model).
 */
final class GeminiStream extends StreamParser {
  /** The most characters of one assistant message held while its pieces arrive. */
  private static final int MAX_PENDING = 64 * 1024;
  private final StringBuilder pending = new StringBuilder();

  GeminiStream(String cli) {
    super(cli);
  }

  @Override
  protected void read(JsonNode e, StreamSink sink) {
    String type = Objects.requireNonNullElse(Text.text(e, "type"), "");
    if (!type.equals("message")) {
      flush(sink);
    }
    switch (type) {
      case "init" -> {
        String session = Text.text(e, "session_id");
        String model = Text.text(e, "model");
        sink.activity(a -> a.withSession(session).withDoing("starting"));
        sink.transcript("[session " + Text.line(session) + (model == null ? "" : ", model " + Text.line(model)) + "]");
      }
      case "message" -> message(e, sink);
      case "tool_use" -> {
        String step = Text.step(Text.text(e, "tool_name"), e.get("parameters"));
        sink.activity(a -> a.withDoing(step));
        sink.transcript("> " + step);
      }
      case "tool_result" -> {
        boolean failed = !"success".equals(Text.text(e, "status"));
        String text = failed ? Text.text(e.path("error"), "message") : Text.text(e, "output");
        sink.transcript((failed ? "  ! " : "  = ") + Text.firstLine(text));
      }
      case "error" -> {
        String msg = Objects.requireNonNullElse(Text.text(e, "message"), "error");
        sink.transcript("! " + Text.line(msg));
        Troubles.report(msg, cli, sink, "warning".equals(Text.text(e, "severity")));
      }
      case "result" -> result(e, sink);
      default -> { }
    }
  }

  private void message(JsonNode e, StreamSink sink) {
    if (!"assistant".equals(Text.text(e, "role"))) {
      return;
    }
    String content = Objects.requireNonNullElse(Text.text(e, "content"), "");
    if (!e.path("delta").asBoolean(false)) {
      flush(sink);
    }
    if (pending.length() + content.length() <= MAX_PENDING) {
      pending.append(content);
    }
    String last = Text.lastLine(pending.toString());
    if (last != null) {
      sink.activity(a -> a.withLastMessage(last).withDoing("writing").withNotice(null));
    }
    // Whole lines go to the transcript as they complete; the rest waits for the next piece.
    int nl = pending.lastIndexOf("\n");
    if (nl >= 0) {
      Text.lines(pending.substring(0, nl)).forEach(sink::transcript);
      pending.delete(0, nl + 1);
      if (last != null && pending.toString().isBlank()) {
        sink.activity(a -> a.withLastMessage(last));
      }
    }
  }

  private void flush(StreamSink sink) {
    if (pending.length() > 0) {
      Text.lines(pending.toString()).forEach(sink::transcript);
      pending.setLength(0);
    }
  }

  @Override
  public void end(StreamSink sink) {
    flush(sink);
  }

  private void result(JsonNode e, StreamSink sink) {
    JsonNode stats = e.path("stats");
    long in = Text.count(stats, "input_tokens");
    long out = Text.count(stats, "output_tokens");
    int turns = 0;
    if (in == 0 && out == 0) {
      for (Iterator<Map.Entry<String, JsonNode>> it = stats.path("models").fields(); it.hasNext(); ) {
        JsonNode m = it.next().getValue();
        JsonNode tokens = m.path("tokens");
        in += Text.count(m, "input_tokens") + Text.count(tokens, "prompt") + Text.count(tokens, "input");
        out += Text.count(m, "output_tokens") + Text.count(tokens, "candidates");
        turns += (int) Math.min(1000, Text.count(m.path("api"), "totalRequests"));
      }
    }
    Usage total = new Usage(in, out, turns, OptionalDouble.empty());
    boolean failed = !"success".equals(Text.text(e, "status"));
    sink.activity(a -> a.withUsage(total).withDoing(failed ? "failed" : "finished"));
    if (failed) {
      JsonNode err = e.path("error");
      String msg = Objects.requireNonNullElse(Text.text(err, "message"), Objects.requireNonNullElse(
          Text.text(err, "type"), "error"));
      Troubles.report(msg, cli, sink, false);
    }
    sink.transcript("[" + (failed ? "failed" : "done") + ": " + Summary.of(total) + "]");
  }
}
