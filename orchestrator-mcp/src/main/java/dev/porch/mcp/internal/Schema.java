package dev.porch.mcp.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A JSON Schema for an object, built field by field (draft 2020-12 keywords only). */
final class Schema {
  private final Map<String, Object> properties = new LinkedHashMap<>();
  private final List<String> required = new ArrayList<>();
  private boolean closed;

  static Schema object() {
    return new Schema();
  }

  /**
   * Refuses properties it does not name ({@code additionalProperties: false}): for tool inputs, so a
   * misspelt argument is an error, as a misspelt option is on the command line, instead of a default
   * silently taken. Results stay open (new fields are additive).
   */
  Schema closed() {
    closed = true;
    return this;
  }

  Schema string(String name, String description, boolean needed) {
    return field(name, prop("string", description), needed);
  }

  Schema integer(String name, String description, int min, int max, Integer otherwise) {
    Map<String, Object> p = prop("integer", description);
    p.put("minimum", min);
    p.put("maximum", max);
    if (otherwise != null) {
      p.put("default", otherwise);
    }
    return field(name, p, false);
  }

  Schema bool(String name, String description, boolean otherwise) {
    Map<String, Object> p = prop("boolean", description);
    p.put("default", otherwise);
    return field(name, p, false);
  }

  Schema strings(String name, String description, boolean needed) {
    Map<String, Object> p = prop("array", description);
    p.put("items", Map.of("type", "string"));
    if (needed) {
      p.put("minItems", 1);
    }
    return field(name, p, needed);
  }

  Schema objects(String name, String description, Schema item, boolean needed) {
    Map<String, Object> p = prop("array", description);
    p.put("items", item.closed().build());
    if (needed) {
      p.put("minItems", 1);
    }
    return field(name, p, needed);
  }

  /** A field of any JSON type (structured results that embed a CLI document). */
  Schema any(String name, String type, String description, boolean needed) {
    return field(name, prop(type, description), needed);
  }

  Schema field(String name, Map<String, Object> schema, boolean needed) {
    properties.put(name, schema);
    if (needed) {
      required.add(name);
    }
    return this;
  }

  Map<String, Object> build() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "object");
    s.put("properties", properties);
    if (!required.isEmpty()) {
      s.put("required", required);
    }
    if (closed) {
      s.put("additionalProperties", false);
    }
    return s;
  }

  private static Map<String, Object> prop(String type, String description) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", type);
    p.put("description", description);
    return p;
  }
}
