package dev.porch.realcli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Responses wire without codex: what it streams for each step (runs in the default build). */
class OpenAiResponsesWireTest {
  private static final String CODE_MODE = "{\"input\":[{\"type\":\"additional_tools\",\"tools\":[{\"type\":\"namespace\","
      + "\"name\":\"functions\",\"tools\":[{\"type\":\"custom\",\"name\":\"exec\"}]}]},"
      + "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"## Task: t1\"}]}]}";
  private static final String FUNCTIONS = "{\"tools\":[{\"type\":\"function\",\"name\":\"exec_command\"}],"
      + "\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"## Task: t1\"}]}]}";

  private static HttpResponse<String> post(ScriptedModelServer s, String body) throws Exception {
    HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return c.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/v1/responses")).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shell_codeMode_isCustomExecCall() throws Exception {
    try (ScriptedModelServer s = ScriptedModelServer.start(new OpenAiResponsesWire(),
        Scenario.forAll(new Step.Shell("echo \"hi\"")))) {
      String sse = post(s, CODE_MODE).body();
      assertThat(sse).contains("event: response.output_item.done").contains("\"type\":\"custom_tool_call\"")
          .contains("await tools.exec_command({cmd: \\\"echo \\\\\\\"hi\\\\\\\"\\\"})")
          .contains("event: response.completed").contains("\"input_tokens\":1200");
      assertThat(s.turns()).hasSize(1);
      assertThat(s.turns().get(0).conversation()).isEqualTo("t1");
    }
  }

  @Test
  void shell_functions_isExecCommandCall() throws Exception {
    try (ScriptedModelServer s = ScriptedModelServer.start(new OpenAiResponsesWire(),
        Scenario.forAll(new Step.Shell("ls")))) {
      assertThat(post(s, FUNCTIONS).body()).contains("\"type\":\"function_call\"").contains("\"name\":\"exec_command\"")
          .contains("\"arguments\":\"{\\\"cmd\\\":\\\"ls\\\"}\"");
    }
  }

  @Test
  void truncated_endsWithoutCompleted() throws Exception {
    try (ScriptedModelServer s = ScriptedModelServer.start(new OpenAiResponsesWire(),
        Scenario.forAll(new Step.Truncated("part")))) {
      assertThat(post(s, FUNCTIONS).body()).contains("\"delta\":\"part\"").doesNotContain("response.completed");
    }
  }

  @Test
  void titleRequest_takesNoStep() throws Exception {
    String title = "{\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
        + "\"text\":\"Generate a concise, single-line task title of at most 36 characters\"}]}]}";
    try (ScriptedModelServer s = ScriptedModelServer.start(new OpenAiResponsesWire(),
        Scenario.forAll(new Step.Text("the turn")))) {
      assertThat(post(s, title).body()).contains("Scripted porch task");
      assertThat(s.turns()).isEmpty();
      assertThat(s.scenario().taken("")).isZero();
    }
  }

  @Test
  void error_withRetryAfter_carriesHeader() throws Exception {
    try (ScriptedModelServer s = ScriptedModelServer.start(OpenAiResponsesWire.withRetryAfter(1),
        Scenario.forAll(Step.error(429)))) {
      HttpResponse<String> r = post(s, FUNCTIONS);
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.headers().firstValue("retry-after")).hasValue("1");
    }
  }
}
