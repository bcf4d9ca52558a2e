package dev.porch.agent.internal.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * Reads one agent CLI's machine-readable output, a JSON object per line, into {@link
 * dev.porch.core.port.AgentActivity} changes and transcript lines. One instance per running agent, fed
 * from one thread. Whatever a line holds, reading it never throws: an agent can print anything.
 */
public abstract class StreamParser {
  /**
   * Lines longer than this are not parsed (the raw log keeps them): 256 KiB holds every result and
   * message line seen; only a huge tool result is lost, and a flood of such lines from many agents
   * at once cannot fill the heap.
   */
  public static final int MAX_LINE = 256 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The profile name, for notices such as "claude is retrying". */
  protected final String cli;

  /** @param cli the profile name */
  protected StreamParser(String cli) {
    this.cli = cli;
  }

  /**
   * The parser for a profile's {@code stream} value.
   *
   * @param stream one of {@link dev.porch.agent.AgentProfile#STREAMS}
   * @param cli the profile name
   * @return the parser, or empty for an unknown stream
   */
  public static Optional<StreamParser> forStream(String stream, String cli) {
    return switch (stream) {
      case "claude-stream-json" -> Optional.of(new ClaudeStream(cli));
      case "codex-json" -> Optional.of(new CodexStream(cli));
      case "gemini-stream-json" -> Optional.of(new GeminiStream(cli));
      default -> Optional.empty();
    };
  }

  /**
   * Reads one line of output.
   *
   * @param line the line, without its line break
   * @param sink where to report what it says
   * @return whether the line was a JSON object (understood or not); false for plain text, which the
   *     caller treats as such
   */
  public final boolean accept(String line, StreamSink sink) {
    String t = line.strip();
    if (!t.startsWith("{")) {
      return false;
    }
    if (t.length() > MAX_LINE) {
      return true;
    }
    JsonNode event;
    try {
      event = JSON.readTree(t);
    } catch (JsonProcessingException | RuntimeException e) {
      // A JSON object cut at the line limit is still the stream's (its text may quote anything, so
      // it must not be matched as plain output); a line that merely starts with a brace is text.
      return t.startsWith("{\"");
    }
    if (event == null || !event.isObject()) {
      return false;
    }
    try {
      read(event, sink);
    } catch (RuntimeException e) {
      // An event shaped other than expected: ignore it, keep reading the rest.
    }
    return true;
  }

  /**
   * Reads one event.
   *
   * @param event a JSON object
   * @param sink where to report
   */
  protected abstract void read(JsonNode event, StreamSink sink);

  /** Called when the output has ended: report whatever is still buffered. */
  public void end(StreamSink sink) {
    // Most streams hold nothing back.
  }
}
