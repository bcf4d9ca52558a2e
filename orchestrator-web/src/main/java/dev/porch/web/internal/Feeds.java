package dev.porch.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.port.StatusChange;
import dev.porch.core.port.StatusStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the streams carry: every status change from the store's watcher ({@code task} events, each
 * with the size of the diff its last evaluation in {@code events.ndjson} measured),
 * every new line of {@code events.ndjson} ({@code event}), and for task pages the new lines of the
 * task's log ({@code log}). The files are followed by one thread of this class's own (the pages
 * never poll; this thread reads a few file lengths five times a second).
 */
final class Feeds implements AutoCloseable {
  private static final int LOG_TAIL_BYTES = 64 * 1024;
  private final StatusStore store;
  private final RepoFiles files;
  private final EventHub hub;
  private final Clock clock;
  private final ScheduledExecutorService follower;
  private final Map<EventHub.Client, Tail> logs = new HashMap<>();
  private final Map<String, Evaluated> diffs = new ConcurrentHashMap<>();
  private Tail events;
  private StatusStore.Subscription subscription;

  Feeds(StatusStore store, RepoFiles files, EventHub hub, Clock clock) {
    this.store = store;
    this.files = files;
    this.hub = hub;
    this.clock = clock;
    this.follower = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "porch-ui-follower");
      t.setDaemon(true);
      return t;
    });
  }

  void start() {
    // the size of each task's diff, as its last evaluation measured it, from the log so far
    events = new Tail(files.events(), 0);
    for (List<String> lines = events.next(); !lines.isEmpty(); lines = events.next()) {
      lines.forEach(this::remember);
    }
    subscription = store.watch(this::changed);
    follower.scheduleWithFixedDelay(this::follow, 200, 200, TimeUnit.MILLISECONDS);
    follower.scheduleWithFixedDelay(hub::heartbeat, 15, 15, TimeUnit.SECONDS);
  }

  /** The first message of a new stream: every status (or the page's task's), then the log's tail. */
  String snapshot(Optional<String> task) {
    List<AgentStatus> all = store.list().statuses().stream()
        .filter(s -> task.isEmpty() || s.task().value().equals(task.get()))
        .sorted(Comparator.comparing((AgentStatus s) -> s.task().value())).toList();
    return TaskJson.snapshot(all, this::diffOf, clock.instant());
  }

  /** The diff size of a task's last evaluation, when it measured this attempt (not an earlier one). */
  private Map<String, Object> diffOf(AgentStatus s) {
    Evaluated e = diffs.get(s.task().value());
    if (e == null || s.started().isPresent() && e.at().isBefore(s.started().get())) {
      return null;
    }
    return e.diff();
  }

  /** An {@code evaluated} event's diff: files, insertions, deletions. */
  private record Evaluated(Instant at, Map<String, Object> diff) {}

  private void remember(String line) {
    if (!line.contains("\"evaluated\"")) {
      return;
    }
    try {
      JsonNode n = TaskJson.JSON.readTree(line);
      JsonNode d = n.path("diff");
      if (!"evaluated".equals(n.path("type").asText()) || !n.hasNonNull("task") || !d.isObject()) {
        return;
      }
      Map<String, Object> diff = new LinkedHashMap<>();
      for (String k : List.of("files", "insertions", "deletions")) {
        diff.put(k, d.path(k).asInt());
      }
      Instant at = n.hasNonNull("at") ? Instant.parse(n.get("at").asText()) : Instant.EPOCH;
      diffs.put(n.get("task").asText(), new Evaluated(at, java.util.Collections.unmodifiableMap(diff)));
    } catch (java.io.IOException | java.time.format.DateTimeParseException e) {
      // not an evaluation porch wrote: no size for that task
    }
  }

  private void changed(StatusChange c) {
    String name = c.task().value();
    String data = c.status().map(s -> TaskJson.write(TaskJson.task(s, diffOf(s))))
        .orElse(TaskJson.write(Map.of("task", name, "removed", c.removed())));
    hub.broadcast(cl -> cl.task.isEmpty() || cl.task.get().equals(name), c.status().isPresent() ? "task" : "gone", data);
  }

  private void follow() {
    try {
      for (String line : events.next()) {
        remember(line);
        Optional<String> task = taskOf(line);
        hub.broadcast(cl -> cl.task.isEmpty() || cl.task.equals(task), "event", line);
      }
      followLogs();
    } catch (RuntimeException e) {
      // a bad line or a vanished file must not stop the follower; the next round tries again
    }
  }

  private void followLogs() {
    logs.keySet().removeIf(c -> !hub.contains(c));
    for (EventHub.Client c : hub.clients()) {
      if (c.task.isEmpty()) {
        continue;
      }
      Tail tail = logs.get(c);
      if (tail == null) {
        Optional<Path> file = files.log(TaskName.of(c.task.get()));
        if (file.isEmpty()) {
          continue;
        }
        long len = Tail.length(file.get());
        tail = new Tail(file.get(), Math.max(0, len - LOG_TAIL_BYTES));
        logs.put(c, tail);
        List<String> first = tail.next();
        if (len > LOG_TAIL_BYTES && !first.isEmpty()) {
          first = first.subList(1, first.size()); // the first line was cut
        }
        c.send("log", TaskJson.write(Map.of("lines", first, "from_start", len <= LOG_TAIL_BYTES)));
        continue;
      }
      List<String> lines = tail.next();
      if (!lines.isEmpty()) {
        c.send("log", TaskJson.write(Map.of("lines", lines, "from_start", false)));
      }
    }
  }

  private static Optional<String> taskOf(String line) {
    try {
      JsonNode n = TaskJson.JSON.readTree(line);
      return n.hasNonNull("task") ? Optional.of(n.get("task").asText()) : Optional.empty();
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    if (subscription != null) {
      subscription.close();
    }
    follower.shutdownNow();
    try {
      follower.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
