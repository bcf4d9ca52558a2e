package dev.porch.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests written by hand on a socket, so a test can send any Host and Origin (Java's HttpClient
 * refuses to set Host) and read a server-sent-event stream line by line.
 */
final class RawHttp implements AutoCloseable {
  record Response(int code, Map<String, String> headers, String body) {}

  private final Socket socket;
  private final BufferedReader in;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.socket.setSoTimeout(30_000); // every read has a deadline
    this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
  }

  static RawHttp open(int port, String method, String target, Map<String, String> headers, String body) throws IOException {
    RawHttp h = new RawHttp(new Socket(InetAddress.getLoopbackAddress(), port));
    StringBuilder b = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Host", "127.0.0.1:" + port);
    all.putAll(headers);
    all.put("Connection", "close");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (!method.equals("GET")) {
      all.put("Content-Length", Integer.toString(bytes.length));
    }
    all.forEach((k, v) -> {
      if (v != null) {
        b.append(k).append(": ").append(v).append("\r\n");
      }
    });
    b.append("\r\n");
    OutputStream out = h.socket.getOutputStream();
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    out.write(bytes);
    out.flush();
    return h;
  }

  static Response send(int port, String method, String target, Map<String, String> headers, String body) throws IOException {
    try (RawHttp h = open(port, method, target, headers, body)) {
      return h.readAll();
    }
  }

  int status() throws IOException {
    String line = in.readLine();
    return Integer.parseInt(line.split(" ")[1]);
  }

  Map<String, String> headers() throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      int c = line.indexOf(':');
      m.put(line.substring(0, c).trim().toLowerCase(java.util.Locale.ROOT), line.substring(c + 1).trim());
    }
    return m;
  }

  /** Reads the next line of a (chunked) body; chunk sizes are skipped by the caller's matcher. */
  String line() throws IOException {
    return in.readLine();
  }

  /** Reads lines until one contains {@code text}; returns every line read. */
  List<String> until(String text) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      lines.add(line);
      if (line.contains(text)) {
        return lines;
      }
    }
    throw new IOException("stream ended before '" + text + "': " + lines);
  }

  Response readAll() throws IOException {
    int code = status();
    Map<String, String> headers = headers();
    StringBuilder body = new StringBuilder();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      body.append(line).append('\n');
    }
    return new Response(code, headers, body.toString());
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
