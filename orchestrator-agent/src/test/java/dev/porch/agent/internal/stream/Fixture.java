package dev.porch.agent.internal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A fixture's lines as JSON, so tests derive what they expect from the recording itself (the real
 * recordings are re-made when the CLIs change; the rules the tests check stay the same).
 */
final class Fixture {
  private static final ObjectMapper JSON = new ObjectMapper();
  final List<JsonNode> events = new ArrayList<>();

  Fixture(String name) {
    for (String line : RecordingSink.lines(name)) {
      try {
        events.add(JSON.readTree(line));
      } catch (Exception e) {
        throw new IllegalArgumentException(name + ": not JSON: " + line, e);
      }
    }
  }

  /** The last event with this type. */
  JsonNode last(String type) {
    return events.stream().filter(e -> type.equals(e.path("type").asText())).reduce((a, b) -> b).orElseThrow();
  }

  /** The first event matching. */
  JsonNode first(Predicate<JsonNode> p) {
    return events.stream().filter(p).findFirst().orElseThrow();
  }

  /** The {@code input.command} of every {@code tool_use} block, in order (Claude Code's Bash calls). */
  List<String> toolCommands() {
    List<String> out = new ArrayList<>();
    events.forEach(e -> e.path("message").path("content").forEach(b -> {
      if ("tool_use".equals(b.path("type").asText()) && b.path("input").path("command").isTextual()) {
        out.add(b.path("input").path("command").asText());
      }
    }));
    return out;
  }
}
