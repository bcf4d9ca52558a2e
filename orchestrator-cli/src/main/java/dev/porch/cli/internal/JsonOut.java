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
}
