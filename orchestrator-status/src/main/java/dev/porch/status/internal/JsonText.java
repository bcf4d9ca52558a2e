package dev.porch.status.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.porch.core.error.StatusFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Bytes of a status file to a JSON object, tolerating what PowerShell writes (BOMs, UTF-16, CRLF)
 * and refusing what could hurt (deep nesting, huge strings, duplicate keys, trailing content).
 */
public final class JsonText {
  /** Deepest nesting accepted; a status file needs 3. */
  public static final int MAX_DEPTH = 64;
  /** Longest string accepted, in characters. */
  public static final int MAX_STRING = 512 * 1024;

  static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH)
                  .maxStringLength(MAX_STRING)
                  .maxNameLength(1024)
                  .maxNumberLength(64)
                  .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          // Pure ASCII output: Windows PowerShell 5.1 reads BOM-less files as ANSI, so escaping
          // non-ASCII characters is the only way every PowerShell reads them right.
          .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .build();

  static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private JsonText() {}

  /** A parsed object and where each top-level value started ({line, column}, 1-based). */
  public record Parsed(ObjectNode root, Map<String, int[]> where) {}

  /**
   * Decodes a status file's bytes: a UTF-8, UTF-16 or UTF-32 BOM decides the charset; without one,
   * NUL bytes mean UTF-16 and bytes that are not UTF-8 are read as Windows-1252 (what Windows
   * PowerShell's {@code Set-Content} writes).
   *
   * @throws StatusFileException if the bytes are not valid in the charset their BOM names
   */
  public static String decode(Path file, byte[] b) {
    int n = b.length;
    if (n >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
      return strict(file, b, 3, StandardCharsets.UTF_8);
    }
    if (n >= 4 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE && b[2] == 0 && b[3] == 0) {
      return strict(file, b, 4, Charset.forName("UTF-32LE"));
    }
    if (n >= 4 && b[0] == 0 && b[1] == 0 && (b[2] & 0xff) == 0xFE && (b[3] & 0xff) == 0xFF) {
      return strict(file, b, 4, Charset.forName("UTF-32BE"));
    }
    if (n >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE) {
      return strict(file, b, 2, StandardCharsets.UTF_16LE);
    }
    if (n >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF) {
      return strict(file, b, 2, StandardCharsets.UTF_16BE);
    }
    if (n >= 2 && b[0] == 0 && b[1] != 0) {
      return strict(file, b, 0, StandardCharsets.UTF_16BE);
    }
    if (n >= 2 && b[0] != 0 && b[1] == 0) {
      return strict(file, b, 0, StandardCharsets.UTF_16LE);
    }
    try {
      return decoder(StandardCharsets.UTF_8).decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      return new String(b, WINDOWS_1252);
    }
  }

  private static String strict(Path file, byte[] b, int from, Charset cs) {
    try {
      return decoder(cs).decode(ByteBuffer.wrap(b, from, b.length - from)).toString();
    } catch (CharacterCodingException e) {
      throw new StatusFileException(file, "the file is not valid " + cs.name() + " text (its BOM says it is)", e);
    }
  }

  private static java.nio.charset.CharsetDecoder decoder(Charset cs) {
    return cs.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  /**
   * Parses one JSON object and nothing after it.
   *
   * @throws StatusFileException for empty text, invalid JSON (with line and column), a root that is
   *     not an object, duplicate keys, nesting deeper than {@link #MAX_DEPTH} or oversized tokens
   */
  public static Parsed parse(Path file, String text) {
    if (text.isBlank() || text.chars().allMatch(c -> c == 0 || Character.isWhitespace(c))) {
      throw new StatusFileException(file, "the file is empty", null);
    }
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        JsonLocation at = p.currentTokenLocation();
        throw new StatusFileException(
            file, "expected a JSON object ({...}) but found " + describe(t), at.getLineNr(), at.getColumnNr(), null);
      }
      ObjectNode root = NODES.objectNode();
      Map<String, int[]> where = new HashMap<>();
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        JsonLocation at = p.currentTokenLocation();
        JsonNode value = MAPPER.readTree(p);
        root.set(name, value == null ? NullNode.getInstance() : value);
        where.put(name, new int[] {at.getLineNr(), at.getColumnNr()});
      }
      JsonToken after = p.nextToken();
      if (after != null) {
        JsonLocation at = p.currentTokenLocation();
        throw new StatusFileException(
            file, "unexpected content after the JSON object", at.getLineNr(), at.getColumnNr(), null);
      }
      return new Parsed(root, where);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new StatusFileException(
          file,
          "not valid JSON: " + e.getOriginalMessage(),
          at == null ? -1 : at.getLineNr(),
          at == null ? -1 : at.getColumnNr(),
          e);
    } catch (IOException e) {
      throw new StatusFileException(file, "cannot parse: " + e.getMessage(), e);
    }
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    switch (t) {
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return t.asString() == null ? t.name() : t.asString();
    }
  }
}
