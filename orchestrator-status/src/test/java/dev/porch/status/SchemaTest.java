package dev.porch.status;

import static dev.porch.core.contract.StatusStoreContract.full;
import static dev.porch.core.contract.StatusStoreContract.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.port.StatusStore;
import dev.porch.status.internal.StatusCodec;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped JSON Schema describes exactly what porch writes: every file porch writes validates,
 * and the schema's fields, required set and types match the writer's (so either drifting fails).
 */
class SchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonNode schema;

  @TempDir Path repo;
  private StatusStore store;

  @BeforeEach
  void open() {
    store = StatusFiles.open(repo);
  }

  @BeforeAll
  static void loadSchema() throws Exception {
    try (InputStream in = StatusFiles.class.getResourceAsStream("agent-status.schema.json")) {
      schema = JSON.readTree(in);
    }
  }

  private JsonNode written(AgentStatus s) throws Exception {
    store.write(s);
    return JSON.readTree(Files.readAllBytes(store.location(s.task()).orElseThrow()));
  }

  private static Set<String> names(JsonNode object) {
    Set<String> out = new TreeSet<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void schema_isValidJsonOfDraft2020_12_andTheDocsCopyIsTheSame() throws Exception {
    assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    Path docs = Path.of("").toAbsolutePath().getParent().resolve("docs/agent-status.schema.json");
    assertThat(JSON.readTree(Files.readAllBytes(docs))).isEqualTo(schema);
  }

  @Test
  void schema_requiresExactlyTheSeedsFields() {
    List<String> required = new ArrayList<>();
    schema.get("required").forEach(r -> required.add(r.asText()));
    assertThat(required).containsExactlyElementsOf(StatusCodec.SEED_FIELDS);
    assertThat(schema.get("additionalProperties").asBoolean()).isTrue();
  }

  @Test
  void schema_describesExactlyTheFieldsPorchWrites() throws Exception {
    JsonNode full = written(full("task-api"));
    assertThat(names(schema.get("properties"))).isEqualTo(names(full));
    assertThat(names(schema.at("/properties/tests/properties"))).isEqualTo(names(full.get("tests")))
        .isEqualTo(new TreeSet<>(StatusCodec.TEST_FIELDS));
    Set<String> all = new TreeSet<>(StatusCodec.SEED_FIELDS);
    all.addAll(StatusCodec.PORCH_FIELDS);
    assertThat(names(full)).isEqualTo(all);
  }

  @Test
  void everyFilePorchWrites_validates() throws Exception {
    Instant t = Instant.parse("2026-01-30T10:30:00Z");
    List<AgentStatus> statuses = List.of(
        full("task-api"),
        pending("auth-1"),
        pending("auth-2").moveTo(AgentState.RUNNING, t),
        pending("auth-3").moveTo(AgentState.FAILED, t).withError("boom"),
        pending("auth-4").moveTo(AgentState.BLOCKED, t),
        pending("auth-5").moveTo(AgentState.RUNNING, t).moveTo(AgentState.COMPLETE, t.plusNanos(5)).withScore(-3));
    for (AgentStatus s : statuses) {
      assertThat(SchemaCheck.validate(schema, written(s))).as(s.task().value()).isEmpty();
    }
  }

  @Test
  void aRewriteKeepingOtherToolsFields_validates() throws Exception {
    Fixtures.place(repo, "task-tests", Fixtures.bytes("ps51-extra-fields-utf8bom.json"));
    AgentStatus s = store.update(TaskName.of("task-tests"), x -> x.withSummary("ok"));
    JsonNode json = JSON.readTree(Files.readAllBytes(store.location(s.task()).orElseThrow()));
    assertThat(json.has("reviewer")).isTrue();
    assertThat(SchemaCheck.validate(schema, json)).isEmpty();
  }

  @Test
  void checker_catchesEachKindOfDrift() throws Exception {
    ObjectNode good = (ObjectNode) written(full("task-api"));
    assertThat(SchemaCheck.validate(schema, good)).isEmpty();
    assertThat(SchemaCheck.validate(schema, good.deepCopy().put("attempt", "2"))).hasSize(1);
    assertThat(SchemaCheck.validate(schema, good.deepCopy().put("port", 70000))).hasSize(1);
    assertThat(SchemaCheck.validate(schema, good.deepCopy().put("status", "DONE"))).hasSize(1);
    assertThat(SchemaCheck.validate(schema, good.deepCopy().put("started", "yesterday"))).hasSize(1);
    assertThat(SchemaCheck.validate(schema, good.deepCopy().put("worktree", "../x"))).hasSize(1);
    ObjectNode noBranch = good.deepCopy();
    noBranch.remove("branch");
    assertThat(SchemaCheck.validate(schema, noBranch)).singleElement().asString().contains("'branch' is missing");
    ObjectNode badFiles = good.deepCopy();
    badFiles.putArray("files_changed").add(1);
    assertThat(SchemaCheck.validate(schema, badFiles)).hasSize(1);
    ObjectNode badTests = good.deepCopy();
    ((ObjectNode) badTests.get("tests")).put("timed_out", "no");
    assertThat(SchemaCheck.validate(schema, badTests)).singleElement().asString().contains("$.tests.timed_out");
    assertThat(SchemaCheck.validate(schema, good.deepCopy().put("score", "high"))).hasSize(1);
    assertThat(SchemaCheck.validate(schema, good.deepCopy().put("something_else", 1))).isEmpty();
  }

  @Test
  void checker_refusesKeywordsItCannotCheck() throws Exception {
    JsonNode s = JSON.readTree("{\"type\": \"object\", \"oneOf\": []}");
    assertThatThrownBy(() -> SchemaCheck.validate(s, JSON.readTree("{}"))).isInstanceOf(IllegalStateException.class);
  }
}
