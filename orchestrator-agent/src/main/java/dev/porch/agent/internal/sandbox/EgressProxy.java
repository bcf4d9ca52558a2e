package dev.porch.agent.internal.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The way out of a strict sandbox on Linux: an HTTP proxy on a unix socket, outside the sandbox,
 * that connects only to the hosts of the agent's network allow-list. Inside, {@link NetBridge}
 * listens on the namespace's own {@code 127.0.0.1} and carries each connection to this socket (a
 * socket bound to a path is reachable from any network namespace that sees the path; the sandbox
 * sees the whole file system read-only, and connecting to a socket is not a write).
 *
 * <p>It speaks what {@code HTTPS_PROXY}/{@code HTTP_PROXY} clients send: {@code CONNECT host:port}
 * (a tunnel, for HTTPS) and absolute-form requests ({@code GET http://host:port/path}, for plain
 * HTTP, forwarded with {@code Connection: close}). A target that is not on the list gets {@code 403}
 * with a {@code X-Porch-Sandbox} header and one line in the body saying why; the bridge copies that
 * line to the agent's log. Names are resolved here, outside: the sandbox has no DNS.
 *
 * <p>Allow-list entries are {@code host:port} (the host compared without case) or {@code
 * *.domain:port} (any name under {@code domain}).
 */
final class EgressProxy implements AutoCloseable {
  /** The header a refusal carries, for the bridge to find. */
  static final String REFUSAL_HEADER = "X-Porch-Sandbox";

  private static final int MAX_HEAD = 64 * 1024;
  /** Connections open at once per agent; more get 503 (two threads each, in porch's own JVM). */
  static final int MAX_CONNECTIONS = 64;

  private final ServerSocketChannel server;
  private final Path socket;
  private final List<String> allowed;
  private final List<String> refused = new CopyOnWriteArrayList<>();
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(MAX_CONNECTIONS);
  private volatile boolean closed;

  private EgressProxy(ServerSocketChannel server, Path socket, List<String> allowed) {
    this.server = server;
    this.socket = socket;
    this.allowed = allowed.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList();
  }

  /**
   * Starts a proxy listening on {@code socket}.
   *
   * @param socket the unix socket's path (at most ~100 bytes: the kernel's limit is 108)
   * @param allowed the allow-list, {@code host:port} entries
   * @return the running proxy; close it when the agent has ended
   * @throws IOException if the socket cannot be bound
   */
  static EgressProxy start(Path socket, List<String> allowed) throws IOException {
    for (String a : allowed) {
      if (target(a).isEmpty()) {
        throw new IllegalArgumentException("network allow-list entry '" + a + "' is not host:port");
      }
    }
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      server.close();
      throw e;
    }
    EgressProxy p = new EgressProxy(server, socket, List.copyOf(allowed));
    Thread t = new Thread(p::acceptAll, "porch-egress-" + socket.getFileName());
    t.setDaemon(true);
    t.start();
    return p;
  }

  /** Where it listens. */
  Path socket() {
    return socket;
  }

  /** The targets refused so far, {@code host:port}, in order. */
  List<String> refused() {
    return List.copyOf(refused);
  }

  /**
   * Whether {@code target} ({@code host:port}) is on {@code allowed}.
   *
   * @param allowed lower-case entries
   * @param target what a client asked for
   * @return whether to connect
   */
  static boolean permits(List<String> allowed, String target) {
    Optional<String[]> t = target(target);
    if (t.isEmpty()) {
      return false;
    }
    String host = t.get()[0].toLowerCase(Locale.ROOT);
    String port = t.get()[1];
    for (String a : allowed) {
      String[] e = target(a).orElseThrow();
      if (!e[1].equals(port)) {
        continue;
      }
      String pattern = e[0].toLowerCase(Locale.ROOT);
      if (pattern.equals(host) || pattern.startsWith("*.") && host.endsWith(pattern.substring(1))
          && host.length() > pattern.length() - 1) {
        return true;
      }
    }
    return false;
  }

  /** {@code host:port} as its two parts ({@code [::1]:443} too); empty unless the port is a number. */
  static Optional<String[]> target(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      return Optional.empty();
    }
    String host = hostPort.substring(0, colon);
    String port = hostPort.substring(colon + 1);
    if (!port.chars().allMatch(Character::isDigit) || port.length() > 5 || Integer.parseInt(port) > 65535) {
      return Optional.empty();
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '@')) {
      return Optional.empty();
    }
    return Optional.of(new String[] {host, port});
  }

  private void acceptAll() {
    while (!closed) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (!slots.tryAcquire()) {
        try (client) {
          reply(client, 503, "porch sandbox: over " + MAX_CONNECTIONS + " connections open at once; try again");
        } catch (IOException ignored) {
          // it went away
        }
        continue;
      }
      open.add(client);
      Thread t = new Thread(() -> {
        try {
          serve(client);
        } finally {
          slots.release();
        }
      }, "porch-egress-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(SocketChannel client) {
    SocketChannel upstream = null;
    try {
      ByteBuffer head = ByteBuffer.allocate(MAX_HEAD);
      int end = -1;
      while (end < 0) {
        if (!head.hasRemaining() || client.read(head) < 0) {
          reply(client, 400, "porch sandbox: the request's head did not end (or is over 64 KiB)");
          return;
        }
        end = headEnd(head);
      }
      String text = new String(head.array(), 0, end, StandardCharsets.ISO_8859_1);
      String[] lines = text.split("\r\n");
      String[] request = lines[0].split(" ");
      if (request.length != 3) {
        reply(client, 400, "porch sandbox: not an HTTP proxy request: " + clip(lines[0]));
        return;
      }
      boolean tunnel = request[0].equalsIgnoreCase("CONNECT");
      Optional<Absolute> absolute = tunnel ? Optional.empty() : Absolute.of(request[1]);
      if (!tunnel && absolute.isEmpty()) {
        reply(client, 400, "porch sandbox: this proxy takes CONNECT or http:// requests, not " + clip(request[1]));
        return;
      }
      String target = tunnel ? request[1] : absolute.get().hostPort();
      if (!permits(allowed, target)) {
        refused.add(target);
        reply(client, 403, "porch sandbox: refused a connection to " + clip(target)
            + ", which is not in this agent's network allow-list (docs/sandbox.md)");
        return;
      }
      String[] hp = target(target).orElseThrow();
      try {
        upstream = SocketChannel.open();
        open.add(upstream);
        upstream.socket().connect(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), 10_000);
      } catch (IOException | java.nio.channels.UnresolvedAddressException e) {
        reply(client, 502, "porch sandbox: cannot reach " + clip(target) + ": "
            + (e instanceof java.nio.channels.UnresolvedAddressException ? "the name does not resolve"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        return;
      }
      ByteBuffer rest = ByteBuffer.wrap(head.array(), end, head.position() - end);
      if (tunnel) {
        writeAll(client, ByteBuffer.wrap("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
      } else {
        writeAll(upstream, ByteBuffer.wrap(originForm(lines, request, absolute.get()).getBytes(StandardCharsets.ISO_8859_1)));
      }
      writeAll(upstream, rest);
      SocketChannel up = upstream;
      Thread back = new Thread(() -> pump(up, client), "porch-egress-back");
      back.setDaemon(true);
      back.start();
      pump(client, upstream);
      back.join();
    } catch (IOException | RuntimeException e) {
      // the agent or the server went away: nothing to report beyond the closed connection
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(client);
      open.remove(client);
      if (upstream != null) {
        closeQuietly(upstream);
        open.remove(upstream);
      }
    }
  }

  /** The request head sent to the server: the target in origin form, one request per connection. */
  private static String originForm(String[] lines, String[] request, Absolute a) {
    StringBuilder h = new StringBuilder(request[0]).append(' ').append(a.path()).append(' ').append(request[2])
        .append("\r\n");
    boolean host = false;
    for (int i = 1; i < lines.length; i++) {
      String name = lines[i].contains(":") ? lines[i].substring(0, lines[i].indexOf(':')).trim().toLowerCase(Locale.ROOT) : "";
      if (name.equals("proxy-connection") || name.equals("proxy-authorization") || name.equals("connection")
          || name.equals("keep-alive") || name.equals("upgrade") || name.equals("http2-settings")) {
        continue;
      }
      host |= name.equals("host");
      h.append(lines[i]).append("\r\n");
    }
    if (!host) {
      h.append("Host: ").append(a.hostPort()).append("\r\n");
    }
    return h.append("Connection: close\r\n\r\n").toString();
  }

  /** An absolute-form target {@code http://host[:port]/path}. */
  record Absolute(String hostPort, String path) {
    static Optional<Absolute> of(String uri) {
      if (!uri.regionMatches(true, 0, "http://", 0, 7)) {
        return Optional.empty();
      }
      String rest = uri.substring(7);
      int slash = rest.indexOf('/');
      String authority = slash < 0 ? rest : rest.substring(0, slash);
      String path = slash < 0 ? "/" : rest.substring(slash);
      if (authority.contains("@") || authority.isEmpty()) {
        return Optional.empty();
      }
      boolean hasPort = authority.lastIndexOf(':') > authority.lastIndexOf(']');
      return Optional.of(new Absolute(hasPort ? authority : authority + ":80", path));
    }
  }

  private static int headEnd(ByteBuffer b) {
    byte[] a = b.array();
    for (int i = 3; i < b.position(); i++) {
      if (a[i - 3] == '\r' && a[i - 2] == '\n' && a[i - 1] == '\r' && a[i] == '\n') {
        return i + 1;
      }
    }
    return -1;
  }

  private static void reply(SocketChannel client, int code, String line) throws IOException {
    byte[] body = (line + "\n").getBytes(StandardCharsets.UTF_8);
    String reason = switch (code) {
      case 403 -> "Forbidden";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "Bad Request";
    };
    String head = "HTTP/1.1 " + code + " " + reason + "\r\n" + REFUSAL_HEADER + ": " + line.replaceAll("[\r\n]", " ")
        + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length
        + "\r\nConnection: close\r\n\r\n";
    writeAll(client, ByteBuffer.wrap(head.getBytes(StandardCharsets.UTF_8)));
    writeAll(client, ByteBuffer.wrap(body));
  }

  private static String clip(String s) {
    String t = s.replaceAll("[^\\x20-\\x7e]", "?");
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }

  /**
   * Copies {@code from} to {@code to} until {@code from} ends, then ends {@code to}'s output. Reads
   * and writes the channels themselves: in Java 17 a channel's streams share one lock between the
   * reading and the writing thread, which would serialise the two directions.
   */
  static void pump(SocketChannel from, SocketChannel to) {
    ByteBuffer b = ByteBuffer.allocate(16 * 1024);
    try {
      while (from.read(b) >= 0) {
        b.flip();
        writeAll(to, b);
        b.clear();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  static void writeAll(SocketChannel to, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      to.write(b);
    }
  }

  private static void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    for (SocketChannel c : new ArrayList<>(open)) {
      closeQuietly(c);
    }
    open.clear();
    try {
      Files.deleteIfExists(socket);
    } catch (IOException ignored) {
      // the cell's removal takes it
    }
  }
}
