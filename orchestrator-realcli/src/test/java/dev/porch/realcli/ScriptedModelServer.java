package dev.porch.realcli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A model API on 127.0.0.1 that answers agent CLIs from a {@link Scenario}, so the real claude,
 * codex and gemini binaries run inside porch's tests with no network and no key. Built on the
 * JDK's own HTTP server. Every request is recorded.
 *
 * <pre>{@code
 * try (ScriptedModelServer server = ScriptedModelServer.start(new AnthropicWire(),
 *     Scenario.forAll(Step.shell("sed -i s/-/+/ calc.sh"), Step.text("Fixed add.")))) {
 *   env.put("ANTHROPIC_BASE_URL", server.baseUrl().toString());
 *   ...
 *   assertThat(server.requests()).isNotEmpty();
 * }
 * }</pre>
 */
public final class ScriptedModelServer implements AutoCloseable {
  private final HttpServer http;
  private final ExecutorService pool;
  private final Wire wire;
  private final Scenario scenario;
  private final List<RecordedRequest> requests = new ArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  private ScriptedModelServer(HttpServer http, ExecutorService pool, Wire wire, Scenario scenario) {
    this.http = http;
    this.pool = pool;
    this.wire = wire;
    this.scenario = scenario;
  }

  /**
   * Starts a server on a free port of 127.0.0.1.
   *
   * @param wire the API it speaks
   * @param scenario what it answers
   * @return the running server; close it
   * @throws IOException if no port can be bound
   */
  public static ScriptedModelServer start(Wire wire, Scenario scenario) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "scripted-model-" + wire.name());
      t.setDaemon(true);
      return t;
    });
    ScriptedModelServer server = new ScriptedModelServer(http, pool, wire, scenario);
    http.createContext("/", server::handle);
    http.setExecutor(pool);
    http.start();
    return server;
  }

  /** {@code http://127.0.0.1:PORT} (no trailing slash). */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** The bound port. */
  public int port() {
    return http.getAddress().getPort();
  }

  /** The scenario it answers from. */
  public Scenario scenario() {
    return scenario;
  }

  /** Every request so far, in arrival order. */
  public synchronized List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The requests that took a step (the conversation's turns), in order. */
  public List<RecordedRequest> turns() {
    return requests().stream().filter(wire::takesStep).toList();
  }

  /**
   * Waits until a recorded request matches {@code p}.
   *
   * @return whether one did within {@code timeout}
   */
  public boolean await(Predicate<RecordedRequest> p, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (requests.stream().noneMatch(p)) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
      URI uri = ex.getRequestURI();
      String body = RecordedRequest.read(ex.getRequestBody());
      RecordedRequest req = new RecordedRequest(ex.getRequestMethod(), uri.getPath(),
          uri.getRawQuery() == null ? "" : uri.getRawQuery(), Map.copyOf(headers), body, "");
      boolean turn = wire.takesStep(req);
      if (turn) {
        req = req.withConversation(Scenario.keyOf(body));
      }
      synchronized (this) {
        requests.add(req);
        notifyAll();
      }
      if (!turn) {
        wire.answerSide(req, ex);
        return;
      }
      Step step = scenario.take(req.conversation());
      while (step instanceof Step.Await a) {
        try {
          a.release().get(10, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          // released by failure or never: answer anyway, the test has failed by then
        }
        step = a.then();
      }
      if (step instanceof Step.HttpError e) {
        wire.errorHeaders(e).forEach(ex.getResponseHeaders()::set);
        sendJson(ex, e.status(), e.body());
      } else if (step instanceof Step.Hang) {
        ex.sendResponseHeaders(200, 0);
        closing.await();
      } else {
        wire.answer(req, step, ex);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // an IOException or RuntimeException (the client went away, a wire broke, a wire cut a stream on
    // purpose) propagates: the JDK server then closes the connection, so the CLI sees it cut
  }

  /** Sends a whole JSON response. */
  public static void sendJson(HttpExchange ex, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("content-type", "application/json");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /**
   * Starts a server-sent-events response (200, {@code text/event-stream}, chunked).
   *
   * @return the body to write events to with {@link #event}; close it to end the stream
   */
  public static OutputStream startEvents(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("content-type", "text/event-stream");
    ex.getResponseHeaders().set("cache-control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    return ex.getResponseBody();
  }

  /** Writes one SSE event ({@code event:} line only when {@code name} is not null) and flushes. */
  public static void event(OutputStream out, String name, String data) throws IOException {
    StringBuilder sb = new StringBuilder();
    if (name != null) {
      sb.append("event: ").append(name).append('\n');
    }
    sb.append("data: ").append(data).append("\n\n");
    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() {
    closing.countDown();
    http.stop(0);
    pool.shutdownNow();
  }
}
