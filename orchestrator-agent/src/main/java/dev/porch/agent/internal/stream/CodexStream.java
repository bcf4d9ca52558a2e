package dev.porch.agent.internal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porch.core.port.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Codex's {@code exec --json}: {@code thread.started} (thread_id, the session), {@code turn.started},
 * {@code item.started}/{@code item.updated}/{@code item.completed} (items agent_message, reasoning,
 * command_execution, file_change, mcp_tool_call, web_search, todo_list, error), {@code
 * turn.completed} (usage: input_tokens with cached_input_tokens among them, output_tokens),
 * {@code turn.failed} and {@code error} (a top-level error; "Reconnecting..." while it retries).
 */
final class CodexStream extends StreamParser {
  private Usage total = Usage.NONE;
  /** The id of the last command item seen starting: a command seen only completed still gets its "> " line. */
  private String startedCommand;

  CodexStream(String cli) {
    super(cli);
  }

  @Override
  protected void read(JsonNode e, StreamSink sink) {
    switch (Objects.requireNonNullElse(Text.text(e, "type"), "")) {
      case "thread.started" -> {
        String session = Text.text(e, "thread_id");
        sink.activity(a -> a.withSession(session).withDoing("starting"));
        sink.transcript("[session " + Text.line(session) + "]");
      }
      case "turn.started" -> sink.activity(a -> a.withDoing("thinking"));
      case "item.started" -> item(e.path("item"), false, sink);
      case "item.completed" -> item(e.path("item"), true, sink);
      case "turn.completed" -> turnCompleted(e.path("usage"), sink);
      case "turn.failed" -> {
        String msg = Objects.requireNonNullElse(Text.text(e.path("error"), "message"), "turn failed");
        sink.transcript("! turn failed: " + Text.line(msg));
        sink.activity(a -> a.withDoing("failed"));
        Troubles.report(msg, cli, sink, false);
      }
      case "error" -> {
        String msg = Objects.requireNonNullElse(Text.text(e, "message"), "error");
        sink.transcript("! " + Text.line(msg));
        Troubles.report(msg, cli, sink, msg.startsWith("Reconnecting") || msg.contains("retrying"));
      }
      default -> { }
    }
  }

  private void turnCompleted(JsonNode u, StreamSink sink) {
    // input_tokens counts the cached ones too; output_tokens includes reasoning (OpenAI's usage rules).
    total = total.plus(new Usage(Text.count(u, "input_tokens"), Text.count(u, "output_tokens"), 1,
        OptionalDouble.empty()));
    Usage now = total;
    sink.activity(a -> a.withUsage(now).withDoing("finished").withNotice(null));
    sink.transcript("[turn done: " + Summary.of(now) + "]");
  }

  private void item(JsonNode item, boolean completed, StreamSink sink) {
    String type = Objects.requireNonNullElse(Text.text(item, "type"), "");
    switch (type) {
      case "agent_message" -> {
        if (completed) {
          String text = Text.text(item, "text");
          Text.lines(text).forEach(sink::transcript);
          String last = Text.lastLine(text);
          if (last != null) {
            sink.activity(a -> a.withLastMessage(last).withNotice(null)); // the model answered: no longer held up
          }
        }
      }
      case "reasoning" -> sink.activity(a -> a.withDoing("thinking"));
      case "command_execution" -> command(item, completed, sink);
      case "file_change" -> {
        List<String> paths = new ArrayList<>();
        item.path("changes").forEach(c -> paths.add(Objects.requireNonNullElse(Text.text(c, "kind"), "change") + " "
            + Objects.requireNonNullElse(Text.text(c, "path"), "?")));
        String step = Text.line("edit: " + String.join(", ", paths));
        sink.activity(a -> a.withDoing(step));
        if (completed) {
          sink.transcript("> " + step + ("failed".equals(Text.text(item, "status")) ? " (failed)" : ""));
        }
      }
      case "mcp_tool_call" -> step(Text.step(Text.text(item, "server") + "." + Text.text(item, "tool"),
          item.get("arguments")), completed, sink);
      case "web_search" -> step(Text.line("search: " + Text.text(item, "query")), completed, sink);
      case "error" -> {
        String msg = Objects.requireNonNullElse(Text.text(item, "message"), "error");
        sink.transcript("! " + Text.line(msg));
      }
      default -> { }
    }
  }

  private static void step(String step, boolean completed, StreamSink sink) {
    sink.activity(a -> a.withDoing(step));
    if (!completed) {
      sink.transcript("> " + step);
    }
  }

  private void command(JsonNode item, boolean completed, StreamSink sink) {
    String step = Text.step("shell", item);
    String id = Text.text(item, "id");
    if (!completed || id == null || !id.equals(startedCommand)) {
      sink.activity(a -> a.withDoing(step));
      sink.transcript("> " + step);
    }
    if (!completed) {
      startedCommand = id;
      return;
    }
    JsonNode code = item.get("exit_code");
    String exit = code != null && code.isNumber() ? "exit " + code.asInt() : Objects.requireNonNullElse(
        Text.text(item, "status"), "done");
    String out = Text.firstLine(Text.text(item, "aggregated_output"));
    sink.transcript("  = " + exit + (out.isEmpty() ? "" : ": " + out));
  }
}
