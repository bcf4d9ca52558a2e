package dev.porch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.porch.agent.testing.Recorder;
import dev.porch.core.AgentState;
import dev.porch.core.Decision;
import dev.porch.core.TaskName;
import dev.porch.core.error.PorchException;
import dev.porch.core.event.OrchestrationEvent;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** .porch.json's notify: a webhook on a local HTTP server, a recording command, a fake notify-send. */
class NotificationsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant AT = Instant.parse("2026-12-07T00:00:00Z");
  @TempDir Path tmp;
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static OrchestrationEvent.StateChanged state(String task, AgentState from, AgentState to, String reason) {
    return new OrchestrationEvent.StateChanged("run-1", AT, TaskName.of(task), Optional.of(from), to, Optional.ofNullable(reason));
  }

  /** A server on 127.0.0.1 that answers {@code status} and hands over each request body. */
  private URI serve(int status, BlockingQueue<String> bodies, CountDownLatch release) throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", ex -> {
      bodies.add(ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("Content-Type") + " "
          + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  @Test
  void webhook_postsTheEventJson_onFinalBlockedAndDecision() throws Exception {
    BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    URI url = serve(204, bodies, new CountDownLatch(0));
    Notifications n = Notifications.builder(tmp).webhook(url, Duration.ofSeconds(5)).build();

    n.onEvent(state("auth-1", AgentState.RUNNING, AgentState.COMPLETE, null));
    n.onEvent(state("auth-2", AgentState.RUNNING, AgentState.BLOCKED, "which database?"));
    n.onEvent(new OrchestrationEvent.Decided("run-1", AT, Decision.builder().verdict(Decision.Verdict.MERGE)
        .addMerge(TaskName.of("auth-1")).winner(TaskName.of("auth-1")).summary("auth-1 passed 12 of 12").build()));
    n.onEvent(state("auth-3", AgentState.PENDING, AgentState.RUNNING, null)); // not one porch notifies on

    String first = bodies.poll(10, TimeUnit.SECONDS);
    assertThat(first).startsWith("POST application/json {");
    JsonNode done = JSON.readTree(first.substring(first.indexOf('{')));
    assertThat(done.get("schema").asText()).isEqualTo("porch.notify/v1");
    assertThat(done.get("event").asText()).isEqualTo("task-final");
    assertThat(done.get("task").asText()).isEqualTo("auth-1");
    assertThat(done.get("state").asText()).isEqualTo("COMPLETE");
    assertThat(done.get("repository").asText()).isEqualTo(tmp.toString());
    JsonNode blocked = JSON.readTree(bodies.poll(10, TimeUnit.SECONDS).split(" ", 3)[2]);
    assertThat(blocked.get("event").asText()).isEqualTo("task-blocked");
    assertThat(blocked.get("reason").asText()).isEqualTo("which database?");
    JsonNode decided = JSON.readTree(bodies.poll(10, TimeUnit.SECONDS).split(" ", 3)[2]);
    assertThat(decided.get("event").asText()).isEqualTo("run-decided");
    assertThat(decided.get("winner").asText()).isEqualTo("auth-1");
    assertThat(decided.get("merge").toString()).isEqualTo("[\"auth-1\"]");
    assertThat(bodies).as("a RUNNING task is no news").isEmpty();
  }

  @Test
  void webhook_thatTimesOutOrRefuses_isAnExceptionNamingIt_afterTheOtherChannels() throws Exception {
    BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    CountDownLatch release = new CountDownLatch(1);
    URI url = serve(200, bodies, release);
    Path out = tmp.resolve("cmd.txt");
    Notifications n = Notifications.builder(tmp).webhook(url, Duration.ofMillis(300))
        .command(Recorder.command(out, "--porch"), null).build();
    try {
      assertThatThrownBy(() -> n.onEvent(state("t-1", AgentState.RUNNING, AgentState.FAILED, "tests failed")))
          .isInstanceOf(PorchException.class).hasMessageContaining("did not answer within 300 ms");
      assertThat(out).as("the command ran though the webhook failed").exists();
    } finally {
      release.countDown();
    }
    server.stop(0);
    server = null;
    assertThatThrownBy(() -> n.onEvent(state("t-1", AgentState.RUNNING, AgentState.FAILED, "x")))
        .isInstanceOf(PorchException.class).hasMessageContaining("webhook " + url + " failed");
  }

  @Test
  void webhook_non2xx_isAFailure() throws Exception {
    URI url = serve(500, new LinkedBlockingQueue<>(), new CountDownLatch(0));
    Notifications n = Notifications.builder(tmp).webhook(url, null).build();
    assertThatThrownBy(() -> n.onEvent(state("t-1", AgentState.RUNNING, AgentState.COMPLETE, null)))
        .hasMessageContaining("answered HTTP 500");
  }

  @Test
  void command_getsItsArgumentsAsGiven_andTheEventOnStdin() throws Exception {
    Path out = tmp.resolve("cmd.txt");
    Notifications n = Notifications.builder(tmp).command(Recorder.command(out, "a b", "$HOME;rm -rf /"), null)
        .on(EnumSet.of(Notifications.On.BLOCKED)).build();

    n.onEvent(state("t-1", AgentState.RUNNING, AgentState.COMPLETE, null)); // not asked for
    assertThat(out).doesNotExist();
    n.onEvent(state("t-1", AgentState.RUNNING, AgentState.BLOCKED, "need a key"));

    List<String> lines = Files.readAllLines(out);
    assertThat(lines.subList(0, 3)).containsExactly("a b", "$HOME;rm -rf /", "--");
    JsonNode event = JSON.readTree(lines.get(3));
    assertThat(event.get("event").asText()).isEqualTo("task-blocked");
    assertThat(event.get("task").asText()).isEqualTo("t-1");
  }

  @Test
  void command_exitingNonZero_isAFailure() {
    Path out = tmp.resolve("cmd.txt");
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.put("RECORDER_EXIT", "3");
    Notifications n = Notifications.builder(tmp).command(Recorder.command(out), null).environment(env).build();
    assertThatThrownBy(() -> n.onEvent(state("t-1", AgentState.RUNNING, AgentState.COMPLETE, null)))
        .hasMessageContaining("notify command").hasMessageContaining("exited with 3");
  }

  @Test
  @EnabledOnOs(value = OS.LINUX, disabledReason = "notify-send is the Linux desktop tool; macOS and Windows use osascript and a PowerShell toast")
  void desktop_usesNotifySendFromPath_andNoToolIsNoFailure() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path record = tmp.resolve("notify-send.txt");
    Path fake = Files.writeString(bin.resolve("notify-send"),
        "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$RECORD.tmp\" && mv \"$RECORD.tmp\" \"$RECORD\"\n");
    assertThat(fake.toFile().setExecutable(true)).isTrue();
    Notifications n = Notifications.builder(tmp).desktop(true)
        .environment(Map.of("PATH", bin + ":/usr/bin:/bin", "RECORD", record.toString())).build();

    n.onEvent(state("ui-2", AgentState.RUNNING, AgentState.BLOCKED, "pick a colour"));

    assertThat(Files.readAllLines(record)).containsExactly("--app-name=porch", "porch: ui-2 BLOCKED (needs input)", "pick a colour");
    Notifications none = Notifications.builder(tmp).desktop(true).environment(Map.of("PATH", tmp.resolve("empty").toString())).build();
    none.onEvent(state("ui-2", AgentState.RUNNING, AgentState.COMPLETE, null)); // no notify-send: nothing, no error
    assertThat(none.channels()).containsExactly("desktop");
  }

  @Test
  void builder_refusesBadValues() {
    Notifications.Builder b = Notifications.builder(tmp);
    assertThatThrownBy(() -> b.webhook(URI.create("file:///etc/passwd"), null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.command(List.of(), null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.on(EnumSet.noneOf(Notifications.On.class))).isInstanceOf(IllegalArgumentException.class);
    b.desktop(false);
    assertThatThrownBy(() -> b.desktop(true)).isInstanceOf(IllegalStateException.class);
    assertThat(Notifications.On.parse("blocked")).isEqualTo(Notifications.On.BLOCKED);
  }
}
