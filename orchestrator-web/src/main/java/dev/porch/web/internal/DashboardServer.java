package dev.porch.web.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.porch.core.TaskName;
import dev.porch.core.port.StatusStore;
import dev.porch.web.ActionResult;
import dev.porch.web.DashboardAction;
import dev.porch.web.DashboardActions;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The JDK's HTTP server on 127.0.0.1 with the dashboard's routes; every request passes the {@link Guard}. */
public final class DashboardServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService pool;
  private final Guard guard;
  private final Pages pages;
  private final EventHub hub = new EventHub();
  private final Feeds feeds;
  private final RepoFiles files;
  private final DashboardActions actions;
  private final DashboardReview review;

  /**
   * Binds and starts serving.
   *
   * @param root the repository's main worktree
   * @param port the port, 0 for a free one
   * @param store the status store
   * @param actions what carries out actions
   * @param review diffs and comparisons
   * @param clock the clock for "now"
   * @throws IOException if the port cannot be bound
   */
  public DashboardServer(Path root, int port, StatusStore store, DashboardActions actions, DashboardReview review,
      Clock clock) throws IOException {
    this.actions = actions;
    this.review = review;
    this.files = new RepoFiles(root);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 32);
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(6, r -> {
      Thread t = new Thread(r, "porch-ui-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.guard = new Guard(Guard.newToken(), server.getAddress().getPort());
    Path name = root.toAbsolutePath().normalize().getFileName();
    this.pages = new Pages(guard.token(), name == null ? root.toString() : name.toString());
    this.feeds = new Feeds(store, files, hub, clock);
    server.createContext("/", this::handle);
    server.setExecutor(pool);
    feeds.start();
    server.start();
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The secret every request must carry. */
  public String token() {
    return guard.token();
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      route(ex);
    } catch (RuntimeException e) {
      Http.text(ex, 500, "porch ui: internal error: " + e + "\n");
    } catch (Error e) {
      // answered, so the browser is not left waiting; the pool replaces the thread the error ends
      Http.text(ex, 500, "porch ui: internal error: " + e + "\n");
      throw e;
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    if (path.startsWith("/api/")) {
      Optional<String> refused = guard.checkAction(ex);
      if (refused.isPresent()) {
        Http.forbidden(ex, refused.get());
        return;
      }
      action(ex, path.substring("/api/".length()));
      return;
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      Http.forbidden(ex, "only GET here; actions are POSTs to /api/");
      return;
    }
    if (path.startsWith("/assets/")) {
      Optional<String> refused = guard.checkPlace(ex);
      if (refused.isPresent()) {
        Http.forbidden(ex, refused.get());
        return;
      }
      asset(ex, path.substring("/assets/".length()));
      return;
    }
    Optional<String> refused = guard.checkRead(ex);
    if (refused.isPresent()) {
      Http.forbidden(ex, refused.get());
      return;
    }
    Map<String, String> q = Query.parse(ex.getRequestURI().getRawQuery());
    if (path.equals("/")) {
      Http.html(ex, pages.runs());
    } else if (path.startsWith("/task/") && TaskName.isValid(path.substring(6))) {
      task(ex, TaskName.of(path.substring(6)));
    } else if (path.equals("/compare")) {
      compare(ex, q.getOrDefault("tasks", ""));
    } else if (path.equals("/events")) {
      Optional<String> task = Optional.ofNullable(q.get("task")).filter(t -> !t.isEmpty());
      if (task.isPresent() && !TaskName.isValid(task.get())) {
        Http.text(ex, 404, "no such task\n");
        return;
      }
      hub.open(ex, task, () -> feeds.snapshot(task));
    } else {
      Http.text(ex, 404, "porch ui: nothing at " + path + "\n");
    }
  }

  private void task(HttpExchange ex, TaskName task) throws IOException {
    List<DashboardReview.FileDiff> diff = List.of();
    String problem = "";
    try {
      diff = review.diff(task);
    } catch (RuntimeException e) {
      problem = String.valueOf(e.getMessage());
    }
    Http.html(ex, pages.task(task, diff, files.results(task), problem));
  }

  private void compare(HttpExchange ex, String tasks) throws IOException {
    DashboardReview.Comparison c = new DashboardReview.Comparison(List.of(), List.of());
    String problem = "";
    try {
      List<TaskName> names = Arrays.stream(tasks.split(",")).map(String::strip).filter(s -> !s.isEmpty())
          .map(TaskName::of).toList();
      c = review.compare(names);
    } catch (RuntimeException e) {
      problem = String.valueOf(e.getMessage());
    }
    Http.html(ex, pages.compare(c, problem));
  }

  private void action(HttpExchange ex, String verb) throws IOException {
    Map<String, String> form = Query.parse(new String(ex.getRequestBody().readNBytes(64 * 1024), StandardCharsets.UTF_8));
    String task = form.getOrDefault("task", "");
    if (!TaskName.isValid(task)) {
      Http.json(ex, 400, result(ActionResult.refused(TaskName.problem(task))));
      return;
    }
    TaskName name = TaskName.of(task);
    DashboardAction a;
    switch (verb) {
      case "pick" -> a = new DashboardAction.Pick(name);
      case "cancel" -> a = new DashboardAction.Cancel(name);
      case "cleanup" -> a = new DashboardAction.Cleanup(name);
      case "tell" -> {
        String message = form.getOrDefault("message", "");
        if (message.isBlank()) {
          Http.json(ex, 400, result(ActionResult.refused("say what to tell the agent")));
          return;
        }
        a = new DashboardAction.Tell(name, message);
      }
      default -> {
        Http.json(ex, 404, result(ActionResult.refused("no action " + verb)));
        return;
      }
    }
    ActionResult r;
    try {
      r = actions.perform(a);
    } catch (RuntimeException e) {
      r = ActionResult.refused("internal error: " + e);
    }
    Http.json(ex, r.done() ? 200 : 409, result(r));
  }

  private static String result(ActionResult r) {
    return TaskJson.write(Map.of("done", r.done(), "message", r.message()));
  }

  private static final Map<String, String> ASSETS = Map.of(
      "app.js", "text/javascript; charset=utf-8", "app.css", "text/css; charset=utf-8");

  private void asset(HttpExchange ex, String name) throws IOException {
    String type = ASSETS.get(name);
    if (type == null) {
      Http.text(ex, 404, "no such asset\n");
      return;
    }
    try (InputStream in = DashboardServer.class.getResourceAsStream("/dev/porch/web/assets/" + name)) {
      if (in == null) {
        Http.text(ex, 500, "asset missing from the jar: " + name + "\n");
        return;
      }
      Http.send(ex, 200, type, in.readAllBytes());
    }
  }

  /** Stops the streams, the follower and the server; no thread of it is left. */
  @Override
  public void close() {
    feeds.close();
    hub.close();
    server.stop(0);
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
