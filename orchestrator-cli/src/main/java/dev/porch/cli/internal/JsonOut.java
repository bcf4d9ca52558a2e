package dev.porch.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Writes {@code --json} documents: pretty for one document, one line each for streams. Characters a
 * terminal could act on ({@link Sanitize#unsafe}) are written as {@code \\uXXXX} escapes, so a
 * document printed to a terminal replays nothing; the JSON value is the same.
 */
public final class JsonOut {
  private static final ObjectMapper PRETTY = terminalSafe(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT));
  private static final ObjectMapper LINE = terminalSafe(new ObjectMapper());

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

  private static ObjectMapper terminalSafe(ObjectMapper m) {
    m.getFactory().setCharacterEscapes(new TerminalSafeEscapes());
    return m;
  }

  /** JSON's own escapes, plus DEL, C1 controls, U+2028/2029 and bidirectional formatting characters. */
  private static final class TerminalSafeEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

    TerminalSafeEscapes() {
      ascii[0x7f] = CharacterEscapes.ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return Sanitize.unsafe(ch) ? new SerializedString(String.format("\\u%04X", ch)) : null;
    }
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
