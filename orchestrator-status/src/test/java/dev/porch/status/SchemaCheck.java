package dev.porch.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A small JSON Schema (draft 2020-12) checker for exactly the keywords our status schema uses. Any
 * other keyword fails loudly, so the schema cannot start relying on something this checker silently
 * ignores.
 */
final class SchemaCheck {
  static final Set<String> SUPPORTED = Set.of("$schema", "$id", "title", "description", "type", "required",
      "properties", "additionalProperties", "items", "enum", "format", "pattern", "minimum", "maximum");
  private static final Pattern DATE_TIME =
      Pattern.compile("^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})$");

  private SchemaCheck() {}

  /** Every violation of {@code schema} by {@code value}; empty when it is valid. */
  static List<String> validate(JsonNode schema, JsonNode value) {
    List<String> errors = new ArrayList<>();
    walk("$", schema, value, errors);
    return errors;
  }

  private static void walk(String path, JsonNode s, JsonNode v, List<String> errors) {
    for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!SUPPORTED.contains(k)) {
        throw new IllegalStateException("schema keyword '" + k + "' at " + path + " is not supported by this checker");
      }
    }
    if (s.has("type")) {
      List<String> types = new ArrayList<>();
      if (s.get("type").isArray()) {
        s.get("type").forEach(t -> types.add(t.asText()));
      } else {
        types.add(s.get("type").asText());
      }
      if (types.stream().noneMatch(t -> is(t, v))) {
        errors.add(path + ": expected " + types + ", found " + v.getNodeType());
        return;
      }
    }
    if (s.has("enum")) {
      boolean found = false;
      for (JsonNode e : s.get("enum")) {
        found |= e.equals(v);
      }
      if (!found) {
        errors.add(path + ": " + v + " is not one of " + s.get("enum"));
      }
    }
    if (v.isTextual() && "date-time".equals(s.path("format").asText()) && !DATE_TIME.matcher(v.asText()).matches()) {
      errors.add(path + ": '" + v.asText() + "' is not an RFC 3339 date-time");
    }
    if (v.isTextual() && s.has("pattern") && !Pattern.compile(s.get("pattern").asText()).matcher(v.asText()).find()) {
      errors.add(path + ": '" + v.asText() + "' does not match " + s.get("pattern").asText());
    }
    if (v.isNumber() && s.has("minimum") && v.decimalValue().compareTo(s.get("minimum").decimalValue()) < 0) {
      errors.add(path + ": " + v + " is below " + s.get("minimum"));
    }
    if (v.isNumber() && s.has("maximum") && v.decimalValue().compareTo(s.get("maximum").decimalValue()) > 0) {
      errors.add(path + ": " + v + " is above " + s.get("maximum"));
    }
    if (v.isObject()) {
      s.path("required").forEach(r -> {
        if (!v.has(r.asText())) {
          errors.add(path + ": required field '" + r.asText() + "' is missing");
        }
      });
      JsonNode props = s.path("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (props.has(f.getKey())) {
          walk(path + "." + f.getKey(), props.get(f.getKey()), f.getValue(), errors);
        } else if (s.has("additionalProperties") && !s.get("additionalProperties").asBoolean(true)) {
          errors.add(path + ": field '" + f.getKey() + "' is not allowed");
        } else if (s.has("additionalProperties") && !s.get("additionalProperties").isBoolean()) {
          throw new IllegalStateException("additionalProperties as a schema is not supported by this checker");
        }
      }
    }
    if (v.isArray() && s.has("items")) {
      for (int i = 0; i < v.size(); i++) {
        walk(path + "[" + i + "]", s.get("items"), v.get(i), errors);
      }
    }
  }

  private static boolean is(String type, JsonNode v) {
    switch (type) {
      case "string":
        return v.isTextual();
      case "null":
        return v.isNull();
      case "boolean":
        return v.isBoolean();
      case "object":
        return v.isObject();
      case "array":
        return v.isArray();
      case "number":
        return v.isNumber();
      case "integer":
        return v.isIntegralNumber() || v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0;
      default:
        throw new IllegalStateException("unknown type '" + type + "'");
    }
  }
}
