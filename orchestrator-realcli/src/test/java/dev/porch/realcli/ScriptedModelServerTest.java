package dev.porch.realcli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptedModelServerTest {
  /** A wire that answers a step as plain JSON, to test the server without a CLI. */
  static final class EchoWire implements Wire {
    @Override
    public String name() {
      return "echo";
    }

    @Override
    public boolean takesStep(RecordedRequest request) {
      return request.path().equals("/turn");
    }

    @Override
    public void answer(RecordedRequest request, Step step, HttpExchange exchange) throws IOException {
      ScriptedModelServer.sendJson(exchange, 200, "{\"step\":\"" + step.getClass().getSimpleName() + "\"}");
    }
  }

  private static HttpResponse<String> post(ScriptedModelServer s, String path, String body) throws Exception {
    HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return c.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + path)).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void stepsAreTakenPerConversation_andEveryRequestIsRecorded() throws Exception {
    Scenario sc = Scenario.perTask(Map.of("calc-1", List.of(Step.error(429), Step.shell("ls"))), Step.text("hi"));
    try (ScriptedModelServer s = ScriptedModelServer.start(new EchoWire(), sc)) {
      assertThat(s.baseUrl().getHost()).isEqualTo("127.0.0.1");
      assertThat(post(s, "/turn", "## Task: calc-1").statusCode()).isEqualTo(429);
      assertThat(post(s, "/turn", "## Task: calc-1").body()).contains("Shell");
      assertThat(post(s, "/turn", "## Task: calc-1").body()).contains("Text");
      assertThat(post(s, "/turn", "## Task: calc-2").body()).contains("Text");
      assertThat(post(s, "/side", "x").statusCode()).isEqualTo(404);
      assertThat(s.requests()).hasSize(5);
      assertThat(s.turns()).extracting(RecordedRequest::conversation)
          .containsExactly("calc-1", "calc-1", "calc-1", "calc-2");
      assertThat(s.await(r -> r.path().equals("/side"), Duration.ofSeconds(1))).isTrue();
      assertThat(sc.taken("calc-1")).isEqualTo(3);
    }
  }
}
