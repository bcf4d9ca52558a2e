package dev.porch.status.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porch.core.TaskName;
import dev.porch.core.error.StatusFileException;
import dev.porch.status.EventRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@code events.ndjson} back into {@link EventRecord}s, skipping lines that are not events. */
public final class EventLogReader {
  private static final int FIRST_TAIL = 64 * 1024;

  private EventLogReader() {}

  /** Every valid event, oldest first; empty when the file does not exist. */
  public static List<EventRecord> readAll(Path file) {
    return readLast(file, Integer.MAX_VALUE);
  }

  /** The last {@code count} valid events, oldest first, reading the file from its end. */
  public static List<EventRecord> readLast(Path file, int count) {
    if (count == 0) {
      return List.of();
    }
    try {
      AtomicFiles.plainOrAbsent(file); // a named pipe would block the open until a writer came
    } catch (IOException e) {
      throw new StatusFileException(file, "cannot read the event log: " + e.getMessage(), e);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      long size = ch.size();
      long tail = count == Integer.MAX_VALUE ? size : Math.min(size, FIRST_TAIL);
      while (true) {
        long start = size - tail;
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(tail, Integer.MAX_VALUE - 8));
        while (buf.hasRemaining() && ch.read(buf, start + buf.position()) > 0) {
          // read the whole window
        }
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        // The first line of a window that does not start the file may be cut: skip it.
        int from = start == 0 ? 0 : 1;
        List<EventRecord> events = new ArrayList<>();
        for (int i = from; i < lines.length; i++) {
          parse(lines[i]).ifPresent(events::add);
        }
        if (events.size() >= count || start == 0) {
          return List.copyOf(events.subList(Math.max(0, events.size() - count), events.size()));
        }
        tail = Math.min(size, tail * 4);
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new StatusFileException(file, "cannot read the event log: " + FileStatusStore.describe(e), e);
    }
  }

  /** One line as an event, or empty when it is not one. */
  static Optional<EventRecord> parse(String line) {
    String s = line.strip();
    if (s.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode n = JsonText.MAPPER.readTree(JsonText.FACTORY.createParser(s));
      if (n == null || !n.isObject() || !n.path("type").isTextual() || !n.path("run").isTextual()
          || !n.path("at").isTextual()) {
        return Optional.empty();
      }
      Instant at = Instant.parse(n.get("at").textValue());
      Optional<TaskName> task = Optional.empty();
      if (n.hasNonNull("task")) {
        if (!n.get("task").isTextual() || !TaskName.isValid(n.get("task").textValue())) {
          return Optional.empty();
        }
        task = Optional.of(TaskName.of(n.get("task").textValue()));
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (!List.of("type", "run", "at", "task").contains(f.getKey()) && !f.getValue().isNull()) {
          fields.put(f.getKey(), plain(f.getValue()));
        }
      }
      return Optional.of(new EventRecord(n.get("type").textValue(), n.get("run").textValue(), at, task, fields));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Object plain(JsonNode n) {
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return n.longValue();
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isArray()) {
      List<Object> out = new ArrayList<>();
      n.forEach(e -> {
        if (!e.isNull()) {
          out.add(plain(e));
        }
      });
      return List.copyOf(out);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    n.fields().forEachRemaining(f -> {
      if (!f.getValue().isNull()) {
        out.put(f.getKey(), plain(f.getValue()));
      }
    });
    return java.util.Collections.unmodifiableMap(out);
  }
}
