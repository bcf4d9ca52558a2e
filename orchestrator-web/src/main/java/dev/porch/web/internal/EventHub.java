package dev.porch.web.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The open server-sent-event streams. A stream stays open after its request handler returns; a
 * write that fails (the tab was closed) drops it. Thread-safe: writes to one stream are serialised.
 */
final class EventHub implements AutoCloseable {
  /** One browser tab's stream; {@code task} is the task its page shows, or empty for the runs page. */
  static final class Client {
    final Optional<String> task;
    private final HttpExchange exchange;
    private final OutputStream out;
    private volatile boolean open = true;

    Client(HttpExchange exchange, Optional<String> task) {
      this.exchange = exchange;
      this.task = task;
      this.out = exchange.getResponseBody();
    }

    synchronized boolean send(String event, String data) {
      if (!open) {
        return false;
      }
      StringBuilder b = new StringBuilder("event: ").append(event).append('\n');
      for (String line : data.split("\n", -1)) {
        b.append("data: ").append(line).append('\n');
      }
      b.append('\n');
      return write(b.toString());
    }

    synchronized boolean comment(String text) {
      return open && write(": " + text + "\n\n");
    }

    private boolean write(String s) {
      try {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return true;
      } catch (IOException e) {
        close();
        return false;
      }
    }

    synchronized void close() {
      open = false;
      exchange.close();
    }
  }

  private final List<Client> clients = new CopyOnWriteArrayList<>();

  /**
   * Starts the stream's response, registers it and sends its first message. The snapshot is read
   * while the stream is locked, so a change broadcast meanwhile arrives after it, never before.
   */
  Client open(HttpExchange ex, Optional<String> task, java.util.function.Supplier<String> snapshot) throws IOException {
    Http.secure(ex.getResponseHeaders());
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.sendResponseHeaders(200, 0);
    Client c = new Client(ex, task);
    synchronized (c) {
      clients.add(c);
      c.send("snapshot", snapshot.get());
    }
    return c;
  }

  void broadcast(Predicate<Client> to, String event, String data) {
    for (Client c : clients) {
      if (to.test(c) && !c.send(event, data)) {
        clients.remove(c);
      }
    }
  }

  /** Tasks that an open task page shows (their logs are followed). */
  java.util.Set<String> watchedTasks() {
    java.util.Set<String> s = new java.util.HashSet<>();
    clients.forEach(c -> c.task.ifPresent(s::add));
    return s;
  }

  /** A comment to every stream, so closed tabs are noticed and proxies keep the line open. */
  void heartbeat() {
    for (Client c : clients) {
      if (!c.comment("keep-alive")) {
        clients.remove(c);
      }
    }
  }

  boolean contains(Client c) {
    return clients.contains(c);
  }

  List<Client> clients() {
    return clients;
  }

  int size() {
    return clients.size();
  }

  @Override
  public void close() {
    clients.forEach(Client::close);
    clients.clear();
  }
}
