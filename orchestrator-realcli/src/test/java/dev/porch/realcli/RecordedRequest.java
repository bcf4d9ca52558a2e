package dev.porch.realcli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request an agent CLI sent to the scripted model server, kept whole so tests can assert
 * what the CLI sent (the earlier turns on a resume, the tools it offered).
 *
 * @param method GET, POST...
 * @param path the path without the query, e.g. {@code /v1/messages}
 * @param query the raw query, or empty
 * @param headers the headers (names lower-case)
 * @param body the body as text (UTF-8)
 * @param conversation the key the server filed it under (see {@link Scenario#keyOf}), or empty
 */
public record RecordedRequest(
    String method, String path, String query, Map<String, List<String>> headers, String body, String conversation) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The body as JSON, or a missing node when it is not JSON. */
  public JsonNode json() {
    if (body.isBlank()) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }

  /** The first value of header {@code name} (any case), or empty. */
  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return v == null || v.isEmpty() ? "" : v.get(0);
  }

  /** The same request filed under {@code key}. */
  RecordedRequest withConversation(String key) {
    return new RecordedRequest(method, path, query, headers, body, key);
  }

  static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
