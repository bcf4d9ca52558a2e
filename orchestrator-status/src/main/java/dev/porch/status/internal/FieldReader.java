package dev.porch.status.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porch.core.error.StatusFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Typed access to one JSON object of a status file, with errors that name the file, the field, the
 * expected type and where the value is. JSON {@code null} counts as absent everywhere.
 */
final class FieldReader {
  private final Path file;
  private final JsonNode object;
  private final String prefix;
  private final Map<String, int[]> where;
  private final int[] fallback;
  private final ZoneId zone;

  FieldReader(Path file, JsonNode object, String prefix, Map<String, int[]> where, int[] fallback, ZoneId zone) {
    this.file = file;
    this.object = object;
    this.prefix = prefix;
    this.where = where;
    this.fallback = fallback;
    this.zone = zone;
  }

  /** The value, or null when missing or JSON null. */
  JsonNode get(String name) {
    JsonNode n = object.get(name);
    return n == null || n.isNull() ? null : n;
  }

  int[] at(String name) {
    int[] p = where.get(name);
    return p != null ? p : fallback;
  }

  StatusFileException wrong(String name, String problem) {
    int[] p = at(name);
    return new StatusFileException(file, "field '" + prefix + name + "' " + problem, p[0], p[1], null);
  }

  private StatusFileException type(String name, String expected, JsonNode found) {
    return wrong(name, "must be " + expected + ", found " + kind(found));
  }

  String required(String name) {
    JsonNode n = get(name);
    if (n == null) {
      throw wrong(name, "is missing" + (object.has(name) ? " (null)" : ""));
    }
    if (!n.isTextual()) {
      throw type(name, "a string", n);
    }
    return n.textValue();
  }

  Optional<String> string(String name) {
    JsonNode n = get(name);
    if (n == null) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw type(name, "a string or null", n);
    }
    return Optional.of(n.textValue());
  }

  Optional<Instant> instant(String name) {
    JsonNode n = get(name);
    if (n == null) {
      return Optional.empty();
    }
    // Windows PowerShell 5.1 turns a Get-Date result into {"value": "/Date(...)/", "DisplayHint": 2, ...}.
    JsonNode v = n.isObject() && n.has("value") ? n.get("value") : n;
    if (!v.isTextual()) {
      throw type(name, "a date-time string or null", n);
    }
    try {
      return Optional.of(Dates.parse(v.textValue(), zone));
    } catch (IllegalArgumentException e) {
      throw wrong(name, e.getMessage());
    }
  }

  boolean bool(String name, boolean absent) {
    JsonNode n = get(name);
    if (n == null) {
      return absent;
    }
    if (!n.isBoolean()) {
      throw type(name, "true or false", n);
    }
    return n.booleanValue();
  }

  OptionalLong integer(String name, long min, long max) {
    JsonNode n = get(name);
    if (n == null) {
      return OptionalLong.empty();
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw type(name, "a whole number", n);
    }
    long v = n.longValue();
    if (v < min || v > max) {
      throw wrong(name, "must be between " + min + " and " + max + ", found " + v);
    }
    return OptionalLong.of(v);
  }

  OptionalInt integer32(String name, int min, int max) {
    OptionalLong v = integer(name, min, max);
    return v.isPresent() ? OptionalInt.of((int) v.getAsLong()) : OptionalInt.empty();
  }

  OptionalDouble number(String name) {
    JsonNode n = get(name);
    if (n == null) {
      return OptionalDouble.empty();
    }
    if (!n.isNumber() || !Double.isFinite(n.doubleValue())) {
      throw type(name, "a number", n);
    }
    return OptionalDouble.of(n.doubleValue());
  }

  /**
   * A list of strings, read the way PowerShell writes one: an array, a single string (ConvertTo-Json
   * unwraps one-element arrays), or {@code {}} / null / missing for none.
   */
  List<String> strings(String name) {
    JsonNode n = get(name);
    List<String> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    if (n.isTextual()) {
      if (!n.textValue().isEmpty()) {
        out.add(n.textValue());
      }
      return out;
    }
    if (n.isObject() && n.isEmpty()) {
      return out;
    }
    if (!n.isArray()) {
      throw type(name, "an array of strings", n);
    }
    for (JsonNode e : n) {
      if (!e.isTextual()) {
        throw wrong(name, "must hold only strings, found " + kind(e));
      }
      out.add(e.textValue());
    }
    return out;
  }

  /** A nested object's reader; errors point at the field holding it. */
  FieldReader object(String name) {
    JsonNode n = get(name);
    if (n == null) {
      return null;
    }
    if (!n.isObject()) {
      throw type(name, "an object", n);
    }
    return new FieldReader(file, n, prefix + name + ".", Map.of(), at(name), zone);
  }

  static String kind(JsonNode n) {
    if (n == null || n.isNull()) {
      return "null";
    }
    if (n.isTextual()) {
      return "the string \"" + Dates.abbreviate(n.textValue()) + "\"";
    }
    if (n.isNumber()) {
      return "the number " + n.asText();
    }
    if (n.isBoolean()) {
      return n.asText();
    }
    return n.isArray() ? "an array" : "an object";
  }
}
