package dev.porch.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.core.AgentState;
import dev.porch.status.EventRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks on {@code events.ndjson} as a whole file and, per task, on the order of its events. Each
 * method returns the problems it found (empty when all is well), so a test can report them all.
 */
final class EventLogCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EventLogCheck() {}

  /**
   * Whole lines: the file ends with a newline and every line is one JSON object with a type, run
   * and time.
   *
   * @return the problems, one per bad line
   */
  static List<String> tornLines(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<String> bad = new ArrayList<>();
    if (!text.isEmpty() && !text.endsWith("\n")) {
      bad.add("the file does not end with a newline");
    }
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length - 1; i++) {
      try {
        JsonNode n = JSON.readTree(lines[i]);
        if (n == null || !n.isObject() || !n.path("type").isTextual() || !n.path("run").isTextual()
            || !n.path("at").isTextual()) {
          bad.add("line " + (i + 1) + " is not an event: " + cut(lines[i]));
        }
      } catch (IOException e) {
        bad.add("line " + (i + 1) + " is not JSON: " + cut(lines[i]));
      }
    }
    return bad;
  }

  /** The lines of the file, not counting the empty text after the last newline. */
  static long lineCount(Path file) throws IOException {
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.count();
    }
  }

  /**
   * One agent run per task, in a valid order: the first state change has no {@code from}, each
   * next one starts where the last ended and is allowed by {@link AgentState}'s table; exactly one
   * {@code agent-started}, after RUNNING, and one {@code agent-ended}, before the final state; an
   * {@code evaluated} only after COMPLETE; the last state is {@code end}.
   *
   * @return the problems, each naming its task
   */
  static List<String> taskOrder(List<EventRecord> events, AgentState end) {
    Map<String, List<EventRecord>> byTask = new LinkedHashMap<>();
    for (EventRecord e : events) {
      e.task().ifPresent(t -> byTask.computeIfAbsent(t.value(), k -> new ArrayList<>()).add(e));
    }
    List<String> bad = new ArrayList<>();
    byTask.forEach((task, list) -> bad.addAll(taskOrder(task, list, end)));
    return bad;
  }

  private static List<String> taskOrder(String task, List<EventRecord> list, AgentState end) {
    List<String> bad = new ArrayList<>();
    AgentState state = null;
    int started = 0;
    int ended = 0;
    for (EventRecord e : list) {
      switch (e.type()) {
        case "state-changed" -> {
          Optional<String> from = e.text("from");
          AgentState to = AgentState.valueOf(e.text("to").orElseThrow());
          if (state == null && from.isPresent()) {
            bad.add(task + ": first state change comes from " + from.get());
          } else if (state != null && !from.map(state.name()::equals).orElse(false)) {
            bad.add(task + ": state change from " + from.orElse("nothing") + " while in " + state);
          } else if (state != null && !state.canMoveTo(to)) {
            bad.add(task + ": illegal transition " + state + " -> " + to);
          }
          if (to.isFinal() && ended != started) {
            bad.add(task + ": became " + to + " before its agent ended");
          }
          state = to;
        }
        case "agent-started" -> {
          started++;
          if (state != AgentState.RUNNING) {
            bad.add(task + ": agent started while " + state);
          }
        }
        case "agent-ended" -> {
          ended++;
          if (ended > started) {
            bad.add(task + ": agent ended before it started");
          }
        }
        case "evaluated" -> {
          if (state != AgentState.COMPLETE) {
            bad.add(task + ": evaluated while " + state);
          }
        }
        default -> { }
      }
    }
    if (started != 1 || ended != 1) {
      bad.add(task + ": " + started + " agent-started and " + ended + " agent-ended events, expected 1 and 1");
    }
    if (state != end) {
      bad.add(task + ": ends " + state + ", expected " + end);
    }
    return bad;
  }

  private static String cut(String line) {
    return line.length() <= 120 ? line : line.substring(0, 120) + "...";
  }
}
