package dev.porch.mcp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The client's side of stdio as the SDK's transport reads it: only lines that are JSON-RPC messages
 * get through. The SDK's stdio transport stops reading for good at the first line it cannot
 * deserialise (and never says so to the client), which would leave {@code porch mcp} deaf but
 * running; so each line is checked here first, a blank one is skipped, and any other is answered as
 * JSON-RPC asks: {@code -32700} for text that is not JSON, {@code -32600} for JSON that is not a
 * message (with the request's id when it has one). Also tells {@code onEnd} when the client's end is
 * closed.
 */
final class Inbound extends InputStream {
  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final InputStream in;
  private final OutputStream out;
  private final McpJsonMapper mapper;
  private final Runnable onEnd;
  private byte[] line = new byte[0];
  private int pos;
  private boolean ended;

  /**
   * @param in the client's end
   * @param out where the SDK writes its messages: answers are written under its lock, as the SDK's
   *     are, so lines never interleave
   * @param mapper the SDK's JSON mapper, to check a line exactly as the transport will read it
   * @param onEnd called once when {@code in} ends or fails
   */
  Inbound(InputStream in, OutputStream out, McpJsonMapper mapper, Runnable onEnd) {
    this.in = new BufferedInputStream(in);
    this.out = out;
    this.mapper = mapper;
    this.onEnd = onEnd;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos == line.length && !next()) {
      return -1;
    }
    int n = Math.min(len, line.length - pos);
    System.arraycopy(line, pos, b, off, n);
    pos += n;
    return n;
  }

  /** Reads lines until one is a message; false at the end of input. */
  private boolean next() throws IOException {
    while (!ended) {
      byte[] raw = rawLine();
      if (raw == null) {
        end();
        return false;
      }
      String text = new String(raw, StandardCharsets.UTF_8).strip();
      if (text.isEmpty()) {
        continue;
      }
      if (accepted(text)) {
        line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        pos = 0;
        return true;
      }
    }
    return false;
  }

  private boolean accepted(String text) throws IOException {
    try {
      McpSchema.deserializeJsonRpcMessage(mapper, text);
      return true;
    } catch (Exception notAMessage) {
      JsonNode id = null;
      int code;
      String message;
      try {
        JsonNode node = JSON.readTree(text);
        code = INVALID_REQUEST;
        message = "Invalid Request: not a JSON-RPC 2.0 request, notification or response";
        JsonNode given = node != null && node.isObject() ? node.get("id") : null;
        if (given != null && (given.isTextual() || given.isIntegralNumber())) {
          id = given;
        }
      } catch (IOException notJson) {
        code = PARSE_ERROR;
        message = "Parse error: the line is not JSON";
      }
      answer(id, code, message);
      return false;
    }
  }

  private void answer(JsonNode id, int code, String message) throws IOException {
    ObjectNode reply = JSON.createObjectNode().put("jsonrpc", "2.0");
    reply.set("id", id == null ? JSON.nullNode() : id);
    reply.putObject("error").put("code", code).put("message", message);
    byte[] bytes = (JSON.writeValueAsString(reply) + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (out) { // the lock the SDK's transport writes under
      out.write(bytes);
      out.flush();
    }
  }

  /** The next line without its newline, or null at the end of input. */
  private byte[] rawLine() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    while (true) {
      int c;
      try {
        c = in.read();
      } catch (IOException e) {
        end();
        throw e;
      }
      if (c < 0) {
        return buf.size() == 0 ? null : buf.toByteArray();
      }
      if (c == '\n') {
        return buf.toByteArray();
      }
      buf.write(c);
    }
  }

  private void end() {
    if (!ended) {
      ended = true;
      line = new byte[0];
      pos = 0;
      onEnd.run();
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
