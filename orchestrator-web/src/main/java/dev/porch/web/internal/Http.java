package dev.porch.web.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes responses, each with the same strict headers: nothing but this server's own files may run. */
final class Http {
  private Http() {}

  /** No inline script or style, nothing from elsewhere, no framing, no referrer (the URL holds the token). */
  static void secure(Headers h) {
    h.set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
        + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    h.set("X-Frame-Options", "DENY");
    h.set("Cache-Control", "no-store");
  }

  static void send(HttpExchange ex, int code, String contentType, byte[] body) throws IOException {
    secure(ex.getResponseHeaders());
    ex.getResponseHeaders().set("Content-Type", contentType);
    if ("HEAD".equals(ex.getRequestMethod())) {
      ex.sendResponseHeaders(code, -1);
      ex.close();
      return;
    }
    ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  static void text(HttpExchange ex, int code, String text) throws IOException {
    send(ex, code, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  static void html(HttpExchange ex, String html) throws IOException {
    send(ex, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
  }

  static void json(HttpExchange ex, int code, String json) throws IOException {
    send(ex, code, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
  }

  /** 403 with the reason; nothing else happens for this request. */
  static void forbidden(HttpExchange ex, String why) throws IOException {
    drain(ex);
    text(ex, 403, "porch ui: refused: " + why + "\n");
  }

  static void drain(HttpExchange ex) {
    try {
      ex.getRequestBody().readNBytes(64 * 1024);
    } catch (IOException e) {
      // the answer is a refusal either way
    }
  }

  /** Escapes text for HTML element content and attribute values. */
  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
