package dev.porch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.testing.InMemoryStatusStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server and its guard, over real sockets (the browser tests are in orchestrator-cli). */
class DashboardTest {
  @TempDir Path repo;
  private final InMemoryStatusStore store = new InMemoryStatusStore();
  private final List<DashboardAction> performed = new CopyOnWriteArrayList<>();
  private Dashboard dashboard;
  private String token;
  private int port;

  @BeforeEach
  void start() {
    store.write(AgentStatus.pending(TaskName.of("auth-1"), "feature/auth-1", ".worktrees/auth-1"));
    dashboard = Dashboard.builder(repo).statusStore(store)
        .actions(a -> {
          performed.add(a);
          return a.target().value().equals("nope") ? ActionResult.refused("porch: error: task nope is not COMPLETE")
              : ActionResult.done("");
        })
        .start();
    port = dashboard.port();
    token = dashboard.url().getQuery().substring("token=".length());
  }

  @AfterEach
  void stop() {
    dashboard.close();
  }

  private Map<String, String> action() {
    return Map.of("X-Porch-Token", token, "Origin", "http://127.0.0.1:" + port,
        "Content-Type", "application/x-www-form-urlencoded");
  }

  @Test
  void url_isLoopbackWithALongRandomToken() {
    assertThat(dashboard.url().getHost()).isEqualTo("127.0.0.1");
    assertThat(token).hasSizeGreaterThanOrEqualTo(43);
    try (Dashboard other = Dashboard.builder(repo).statusStore(store).start()) {
      assertThat(other.url().getQuery()).isNotEqualTo(dashboard.url().getQuery());
      assertThat(other.port()).isNotEqualTo(port);
    }
  }

  @Test
  void pages_withTheToken_areServedWithAStrictPolicy() throws Exception {
    for (String page : List.of("/", "/task/auth-1", "/compare")) {
      RawHttp.Response r = RawHttp.send(port, "GET", page + "?token=" + token, Map.of(), "");
      assertThat(r.code()).as(page).isEqualTo(200);
      assertThat(r.headers().get("content-security-policy")).contains("default-src 'none'").contains("script-src 'self'");
      assertThat(r.body()).contains("/assets/app.js").doesNotContain("http://").doesNotContain("https://");
    }
  }

  @Test
  void assets_comeFromTheJar() throws Exception {
    RawHttp.Response js = RawHttp.send(port, "GET", "/assets/app.js", Map.of(), "");
    assertThat(js.code()).isEqualTo(200);
    assertThat(js.headers().get("content-type")).startsWith("text/javascript");
    assertThat(js.body()).contains("EventSource").doesNotContain("setTimeout(").doesNotContain("http");
    assertThat(RawHttp.send(port, "GET", "/assets/app.css", Map.of(), "").code()).isEqualTo(200);
  }

  @Test
  void pages_withoutOrWithAWrongToken_are403() throws Exception {
    // One character changed: the first one, to a character it is not (a fixed "x" matched 1 token in 64).
    String wrong = (token.charAt(0) == 'x' ? "y" : "x") + token.substring(1);
    for (String target : List.of("/", "/task/auth-1", "/compare", "/events", "/?token=" + wrong)) {
      assertThat(RawHttp.send(port, "GET", target, Map.of(), "").code()).as(target).isEqualTo(403);
    }
  }

  @Test
  void aForeignHost_is403_evenWithTheToken() throws Exception {
    assertThat(RawHttp.send(port, "GET", "/?token=" + token, Map.of("Host", "evil.example:" + port), "").code())
        .isEqualTo(403);
    assertThat(RawHttp.send(port, "GET", "/assets/app.js", Map.of("Host", "evil.example"), "").code()).isEqualTo(403);
  }

  @Test
  void actions_withoutToken_orForeignOrigin_orAsGet_are403AndPerformNothing() throws Exception {
    Map<String, String> noToken = Map.of("Origin", "http://127.0.0.1:" + port);
    assertThat(RawHttp.send(port, "POST", "/api/pick", noToken, "task=auth-1").code()).isEqualTo(403);
    Map<String, String> foreign = Map.of("X-Porch-Token", token, "Origin", "http://evil.example");
    assertThat(RawHttp.send(port, "POST", "/api/pick", foreign, "task=auth-1").code()).isEqualTo(403);
    Map<String, String> crossSite = Map.of("X-Porch-Token", token, "Sec-Fetch-Site", "cross-site");
    assertThat(RawHttp.send(port, "POST", "/api/cancel", crossSite, "task=auth-1").code()).isEqualTo(403);
    assertThat(RawHttp.send(port, "GET", "/api/pick?task=auth-1&token=" + token, Map.of(), "").code()).isEqualTo(403);
    assertThat(performed).isEmpty();
  }

  @Test
  void actions_withTheToken_reachTheActionsAndReturnPorchsMessage() throws Exception {
    RawHttp.Response ok = RawHttp.send(port, "POST", "/api/tell", action(), "task=auth-1&message=also+emails");
    assertThat(ok.code()).isEqualTo(200);
    RawHttp.Response refused = RawHttp.send(port, "POST", "/api/pick", action(), "task=nope");
    assertThat(refused.code()).isEqualTo(409);
    assertThat(refused.body()).contains("task nope is not COMPLETE");
    assertThat(performed).containsExactly(
        new DashboardAction.Tell(TaskName.of("auth-1"), "also emails"), new DashboardAction.Pick(TaskName.of("nope")));
  }

  @Test
  void actions_withABadTaskName_areRefusedBeforeTheActions() throws Exception {
    assertThat(RawHttp.send(port, "POST", "/api/cleanup", action(), "task=../etc").code()).isEqualTo(400);
    assertThat(RawHttp.send(port, "POST", "/api/merge-all", action(), "task=auth-1").code()).isEqualTo(404);
    assertThat(performed).isEmpty();
  }

  @Test
  void events_sendASnapshotThenEachStatusChange() throws Exception {
    try (RawHttp sse = RawHttp.open(port, "GET", "/events?token=" + token, Map.of(), "")) {
      assertThat(sse.status()).isEqualTo(200);
      assertThat(sse.headers().get("content-type")).startsWith("text/event-stream");
      assertThat(String.join("\n", sse.until("\"tasks\""))).contains("event: snapshot").contains("auth-1");
      AgentStatus running = store.read(TaskName.of("auth-1")).orElseThrow().moveTo(AgentState.RUNNING, Instant.now());
      store.write(running);
      List<String> lines = sse.until("RUNNING");
      assertThat(String.join("\n", lines)).contains("event: task");
    }
  }

  @Test
  void events_followTheEventLogAndATaskLog() throws Exception {
    Path status = Files.createDirectories(repo.resolve(".agent-status/logs"));
    Files.writeString(status.resolve("auth-1.log"), "first line\n");
    try (RawHttp sse = RawHttp.open(port, "GET", "/events?task=auth-1&token=" + token, Map.of(), "")) {
      assertThat(sse.status()).isEqualTo(200);
      sse.headers();
      sse.until("first line");
      Files.writeString(status.resolve("auth-1.log"), "first line\nsecond line\n");
      assertThat(String.join("\n", sse.until("second line"))).contains("event: log");
      Files.writeString(repo.resolve(".agent-status/events.ndjson"),
          "{\"type\":\"state-changed\",\"run\":\"r1\",\"task\":\"auth-1\",\"to\":\"RUNNING\"}\n");
      assertThat(String.join("\n", sse.until("state-changed"))).contains("event: event");
    }
  }

  @Test
  void taskMessages_carryTheDiffSizeOfTheAttemptsLastEvaluation() throws Exception {
    Path events = Files.createDirectories(repo.resolve(".agent-status")).resolve("events.ndjson");
    Files.writeString(events, "{\"type\":\"evaluated\",\"run\":\"r1\",\"at\":\"2026-01-01T00:00:00Z\",\"task\":\"auth-1\","
        + "\"passed\":true,\"diff\":{\"files\":2,\"insertions\":7,\"deletions\":3}}\n");
    try (Dashboard d = Dashboard.builder(repo).statusStore(store).start();
        RawHttp sse = RawHttp.open(d.port(), "GET", "/events?" + d.url().getRawQuery(), Map.of(), "")) {
      assertThat(String.join("\n", sse.until("\"tasks\""))).as("from the log written before it started")
          .contains("\"diff\":{\"files\":2,\"insertions\":7,\"deletions\":3}");
      Files.writeString(events, "{\"type\":\"evaluated\",\"run\":\"r1\",\"at\":\"2026-01-02T00:00:00Z\",\"task\":\"auth-1\","
          + "\"passed\":true,\"diff\":{\"files\":1,\"insertions\":1,\"deletions\":0}}\n", java.nio.file.StandardOpenOption.APPEND);
      assertThat(String.join("\n", sse.until("\"insertions\":1"))).contains("event: event");
      store.write(store.read(TaskName.of("auth-1")).orElseThrow().withSummary("marker"));
      assertThat(String.join("\n", sse.until("marker"))).contains("\"diff\":{\"files\":1,\"insertions\":1,\"deletions\":0}");
      // a new attempt started after that evaluation: its size is not known yet
      store.write(store.read(TaskName.of("auth-1")).orElseThrow().moveTo(AgentState.RUNNING, Instant.now()).withSummary("again"));
      assertThat(String.join("\n", sse.until("again"))).contains("\"diff\":null");
    }
  }

  @Test
  void anErrorWhileServing_isAnswered_notLeftHanging() throws Exception {
    try (Dashboard d = Dashboard.builder(repo).statusStore(store).actions(a -> {
      throw new LinkageError("a class went missing");
    }).start()) {
      String t = d.url().getRawQuery().substring("token=".length());
      RawHttp.Response r = RawHttp.send(d.port(), "POST", "/api/pick", Map.of("X-Porch-Token", t,
          "Origin", "http://127.0.0.1:" + d.port(), "Content-Type", "application/x-www-form-urlencoded"), "task=auth-1");
      assertThat(r.code()).isEqualTo(500);
      assertThat(r.body()).contains("internal error").contains("a class went missing");
      assertThat(RawHttp.send(d.port(), "GET", "/?token=" + t, Map.of(), "").code()).as("still serving").isEqualTo(200);
    }
  }

  @Test
  void aLogThatIsASymbolicLink_isNotFollowed() throws Exception {
    Path logs = Files.createDirectories(repo.resolve(".agent-status/logs"));
    Path secret = Files.writeString(repo.resolve("secret.txt"), "do not show\n");
    try {
      Files.createSymbolicLink(logs.resolve("auth-1.log"), secret);
    } catch (UnsupportedOperationException | java.io.IOException e) {
      org.junit.jupiter.api.Assumptions.abort("this file system has no symbolic links: " + e);
    }
    try (RawHttp sse = RawHttp.open(port, "GET", "/events?task=auth-1&token=" + token, Map.of(), "")) {
      sse.status();
      sse.headers();
      sse.until("event: snapshot");
      // a status change after the log follower had several turns: still no log line
      store.write(store.read(TaskName.of("auth-1")).orElseThrow().withSummary("marker"));
      String seen = String.join("\n", sse.until("marker"));
      assertThat(seen).doesNotContain("do not show");
    }
  }

  @Test
  void close_stopsEveryThread() {
    dashboard.close();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("porch-ui-") && t.isAlive());
    assertThat(store.watcherCount()).isZero();
  }

  @Test
  void builder_setsEachThingOnce() {
    Dashboard.Builder b = Dashboard.builder(repo).port(0);
    assertThatThrownBy(() -> b.port(1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Dashboard.builder(repo).port(70000)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Dashboard.builder(repo).statusStore(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Dashboard.builder(repo).start()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("statusStore");
  }
}
