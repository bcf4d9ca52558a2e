package dev.porch.mcp.internal;

import dev.porch.core.TaskName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tool call's arguments, read by name and type. The SDK checks them against the tool's input
 * schema first; this checks again (a client may skip the schema) and turns every mistake into a
 * {@link ToolInputException} naming the argument.
 */
final class Args {
  private final Map<String, Object> values;

  Args(Map<String, Object> values) {
    this.values = values == null ? Map.of() : values;
  }

  Optional<String> string(String name) {
    Object v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof String)) {
      throw wrongType(name, "a string", v);
    }
    return Optional.of((String) v).filter(s -> !s.isBlank());
  }

  String requiredString(String name) {
    return string(name).orElseThrow(() -> new ToolInputException("argument '" + name + "' is required"));
  }

  /** A task or feature name, checked by porch's task-name rules. */
  TaskName task(String name) {
    return TaskName.of(requiredString(name));
  }

  Optional<Integer> integer(String name, int min, int max) {
    Object v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof Number) || ((Number) v).doubleValue() != Math.rint(((Number) v).doubleValue())) {
      throw wrongType(name, "an integer", v);
    }
    long n = ((Number) v).longValue();
    if (n < min || n > max) {
      throw new ToolInputException("argument '" + name + "' must be from " + min + " to " + max + ", got " + n);
    }
    return Optional.of((int) n);
  }

  boolean bool(String name, boolean otherwise) {
    Object v = values.get(name);
    if (v == null) {
      return otherwise;
    }
    if (!(v instanceof Boolean)) {
      throw wrongType(name, "true or false", v);
    }
    return (Boolean) v;
  }

  Optional<Duration> seconds(String name) {
    return integer(name, 1, 7 * 24 * 3600).map(Duration::ofSeconds);
  }

  List<String> strings(String name) {
    Object v = values.get(name);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List)) {
      throw wrongType(name, "an array of strings", v);
    }
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) v) {
      if (!(o instanceof String)) {
        throw wrongType(name, "an array of strings", v);
      }
      out.add((String) o);
    }
    return out;
  }

  /** An array of objects, each read as {@link Args}. */
  List<Args> objects(String name) {
    Object v = values.get(name);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List)) {
      throw wrongType(name, "an array of objects", v);
    }
    List<Args> out = new ArrayList<>();
    for (Object o : (List<?>) v) {
      if (!(o instanceof Map)) {
        throw wrongType(name, "an array of objects", v);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) o;
      out.add(new Args(m));
    }
    return out;
  }

  private static ToolInputException wrongType(String name, String expected, Object got) {
    String kind = got instanceof String ? "a string" : got instanceof Number ? "a number"
        : got instanceof Boolean ? "a boolean" : got instanceof List ? "an array" : got instanceof Map ? "an object"
        : "something else";
    return new ToolInputException("argument '" + name + "' must be " + expected + ", got " + kind);
  }
}
