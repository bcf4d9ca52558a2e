package dev.porch.agent.internal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porch.core.UntrustedText;
import java.util.ArrayList;
import java.util.List;

/** Small helpers for reading agent JSON and turning its text into safe transcript lines. */
public final class Text {
  /** The longest transcript line, in characters. */
  public static final int LINE_MAX = 2000;
  /** The most lines one text block adds to the transcript. */
  static final int LINES_PER_BLOCK = 200;
  /** The keys whose value best says what a tool call does, in order of preference. */
  private static final List<String> STEP_KEYS = List.of("command", "cmd", "file_path", "absolute_path", "path",
      "pattern", "url", "query", "description", "prompt");

  private Text() {}

  /** One safe line: no escapes, no line breaks, at most {@link #LINE_MAX} characters. */
  public static String line(String s) {
    return UntrustedText.oneLine(UntrustedText.withoutEscapes(s), LINE_MAX);
  }

  /**
   * One line of output kept as written (indentation too), only made safe: escape sequences removed,
   * other control characters shown as {@code \\uXXXX}, trailing blanks dropped, cut at {@link
   * #LINE_MAX} characters.
   */
  public static String verbatim(String s) {
    String v = UntrustedText.visible(UntrustedText.withoutEscapes(s)).stripTrailing();
    return v.length() <= LINE_MAX ? v : v.substring(0, LINE_MAX - 3) + "...";
  }

  /** The safe, non-blank lines of a multi-line text, indentation kept, at most {@link #LINES_PER_BLOCK}. */
  static List<String> lines(String s) {
    List<String> out = new ArrayList<>();
    if (s == null) {
      return out;
    }
    for (String raw : s.split("\\R", LINES_PER_BLOCK + 1)) {
      String l = verbatim(raw);
      if (!l.isBlank() && out.size() < LINES_PER_BLOCK) {
        out.add(l);
      }
    }
    return out;
  }

  /** The last non-blank line of a text as one trimmed line, or null. */
  static String lastLine(String s) {
    List<String> all = lines(s);
    return all.isEmpty() ? null : line(all.get(all.size() - 1));
  }

  /** The first non-blank line of a text as one trimmed line, or "". */
  static String firstLine(String s) {
    List<String> all = lines(s);
    return all.isEmpty() ? "" : line(all.get(0));
  }

  /** A text field, or null when absent or not text. */
  static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  /** A whole-number field, or 0 when absent, negative or not a number. */
  static long count(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isNumber() && v.asLong() > 0 ? v.asLong() : 0;
  }

  /**
   * A tool call in words: {@code Bash: ./check.sh}, {@code Edit: calc.sh}, or the tool's name alone.
   *
   * @param tool the tool's name
   * @param input its arguments, may be null
   * @return one short line
   */
  static String step(String tool, JsonNode input) {
    String name = line(tool == null || tool.isBlank() ? "tool" : tool);
    if (input != null && input.isObject()) {
      for (String key : STEP_KEYS) {
        String v = text(input, key);
        if (v == null && input.get(key) != null && input.get(key).isArray()) {
          v = joined(input.get(key));
        }
        if (v != null && !v.isBlank()) {
          return UntrustedText.oneLine(name + ": " + UntrustedText.withoutEscapes(v), 160);
        }
      }
    }
    return UntrustedText.oneLine(name, 160);
  }

  private static String joined(JsonNode array) {
    List<String> parts = new ArrayList<>();
    array.forEach(e -> parts.add(e.asText()));
    return String.join(" ", parts);
  }
}
