package dev.porch.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Writes {@code --json} documents: pretty for one document, one line each for streams. */
public final class JsonOut {
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper LINE = new ObjectMapper();

  private JsonOut() {}

  /** Prints one document, indented. */
  public static void print(PrintWriter out, Object document) {
    out.println(write(PRETTY, document));
    out.flush();
  }

  /** Prints one document on one line (for {@code --watch --json}). */
  public static void line(PrintWriter out, Object document) {
    out.println(write(LINE, document));
    out.flush();
  }

  private static String write(ObjectMapper m, Object document) {
    try {
      return m.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A map that keeps the order its keys are given in, so a JSON object's fields come out in the
   * documented order on every run ({@code Map.of} iterates in a different order per JVM).
   *
   * @param keysAndValues key, value, key, value, ...
   * @return the map
   */
  public static java.util.Map<String, Object> object(Object... keysAndValues) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
