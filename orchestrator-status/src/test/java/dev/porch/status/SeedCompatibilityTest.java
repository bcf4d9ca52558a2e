package dev.porch.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.port.StatusStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files the seed's PowerShell writes read correctly (fixtures made byte for byte as PowerShell
 * writes them: see fixtures/make_fixtures.py), and files porch writes are what the seed documents.
 */
class SeedCompatibilityTest {
  private static final Instant T0 = Instant.parse("2026-01-30T10:30:00Z");

  @TempDir Path repo;

  private StatusStore store() {
    return StatusFiles.builder(repo).localZone(ZoneOffset.ofHours(2)).build();
  }

  private AgentStatus readFixture(String fixture, String task) {
    Fixtures.place(repo, task, Fixtures.bytes(fixture));
    return store().read(TaskName.of(task)).orElseThrow();
  }

  @Test
  void read_windowsPowerShellSpawn_utf8WithBomAndCrlf() {
    assertThat(readFixture("ps51-spawn-utf8bom.json", "auth-1")).isEqualTo(Fixtures.pending("auth-1"));
  }

  @Test
  void read_windowsPowerShellDefaultOutFile_utf16le() {
    assertThat(readFixture("ps51-spawn-utf16le.json", "auth-1")).isEqualTo(Fixtures.pending("auth-1"));
  }

  @Test
  void read_bigEndianUnicode_utf16be() {
    assertThat(readFixture("ps51-spawn-utf16be.json", "auth-1")).isEqualTo(Fixtures.pending("auth-1"));
  }

  @Test
  void read_powerShell7_singleFileUnwrappedAndOffsetDates() {
    AgentStatus s = readFixture("ps7-complete-single-file.json", "task-api");
    assertThat(s.status()).isEqualTo(AgentState.COMPLETE);
    assertThat(s.started()).contains(T0);
    assertThat(s.completed()).contains(Instant.parse("2026-01-30T10:45:00.1234567Z"));
    assertThat(s.filesChanged()).containsExactly("src/api/users.ts");
    assertThat(s.summary()).contains("Implemented 5 endpoints, 12 tests passing");
    assertThat(s.branch()).isEqualTo("feature/task-api-1");
    assertThat(s.worktree()).isEqualTo(".worktrees/task-api");
  }

  @Test
  void read_windowsPowerShellDates_msDateAndGetDateObjectAndEmptyObjectFiles() {
    AgentStatus s = readFixture("ps51-dates-utf8bom.json", "task-ui");
    assertThat(s.status()).isEqualTo(AgentState.BLOCKED);
    assertThat(s.started()).contains(T0);
    assertThat(s.completed()).contains(T0.plusSeconds(900));
    assertThat(s.filesChanged()).isEmpty();
    assertThat(s.summary()).contains("Couldn't finish: waiting for the API");
    assertThat(s.worktree()).as("backslash form normalised").isEqualTo(".worktrees/task-ui");
  }

  @Test
  void read_nullFilesAndBackslashWorktree() {
    AgentStatus s = readFixture("ps51-extra-fields-utf8bom.json", "task-tests");
    assertThat(s.filesChanged()).isEmpty();
    assertThat(s.worktree()).isEqualTo(".worktrees/task-tests");
    assertThat(s.started()).contains(T0);
  }

  @Test
  void update_keepsFieldsOtherToolsAdded() throws Exception {
    Path file = Fixtures.place(repo, "task-tests", Fixtures.bytes("ps51-extra-fields-utf8bom.json"));
    store().update(TaskName.of("task-tests"), s -> s.withSummary("done"));
    JsonNode json = new ObjectMapper().readTree(Files.readAllBytes(file));
    assertThat(json.get("summary").asText()).isEqualTo("done");
    assertThat(json.get("reviewer").asText()).isEqualTo("frans");
    assertThat(json.get("notes")).hasSize(2);
    assertThat(json.get("notes").get(1).asText()).isEqualTo("caf\u00e9");
    assertThat(Fixtures.read(file)).contains("\"caf\\u00E9\"").doesNotContain("\r");
  }

  @Test
  void write_seedsRunningExample_isByteForByteTheSeedsText() throws Exception {
    AgentStatus s = AgentStatus.builder().task(TaskName.of("task-api")).status(AgentState.RUNNING).started(T0)
        .branch("feature/task-api-1").worktree(".worktrees/task-api").build();
    StatusStore store = store();
    store.write(s);
    assertThat(Files.readString(store.location(s.task()).orElseThrow())).isEqualTo(String.join("\n",
        "{",
        "  \"task\": \"task-api\",",
        "  \"status\": \"RUNNING\",",
        "  \"started\": \"2026-01-30T10:30:00Z\",",
        "  \"completed\": null,",
        "  \"summary\": null,",
        "  \"files_changed\": [],",
        "  \"branch\": \"feature/task-api-1\",",
        "  \"worktree\": \".worktrees/task-api\"",
        "}",
        ""));
  }

  @Test
  void write_seedsCompletionExample_isByteForByteTheSeedsText() throws Exception {
    AgentStatus s = AgentStatus.builder().task(TaskName.of("task-api")).status(AgentState.COMPLETE).started(T0)
        .completed(T0.plusSeconds(900)).summary("Implemented 5 endpoints, 12 tests passing")
        .addFilesChanged("src/api/users.ts", "src/api/auth.ts", "tests/api.test.ts")
        .branch("feature/task-api-1").worktree(".worktrees/task-api").build();
    StatusStore store = store();
    store.write(s);
    assertThat(Files.readString(store.location(s.task()).orElseThrow())).isEqualTo(String.join("\n",
        "{",
        "  \"task\": \"task-api\",",
        "  \"status\": \"COMPLETE\",",
        "  \"started\": \"2026-01-30T10:30:00Z\",",
        "  \"completed\": \"2026-01-30T10:45:00Z\",",
        "  \"summary\": \"Implemented 5 endpoints, 12 tests passing\",",
        "  \"files_changed\": [",
        "    \"src/api/users.ts\",",
        "    \"src/api/auth.ts\",",
        "    \"tests/api.test.ts\"",
        "  ],",
        "  \"branch\": \"feature/task-api-1\",",
        "  \"worktree\": \".worktrees/task-api\"",
        "}",
        ""));
  }

  @Test
  void write_isWhatConvertFromJsonReads_asciiNoBomNoCrNoNaN() throws Exception {
    AgentStatus s = Fixtures.pending("auth-1").withSummary("caf\u00e9 \u2713 \uD83D\uDE80 tab\there")
        .withScore(Double.NaN).withError("line1\r\nline2");
    StatusStore store = store();
    store.write(s);
    byte[] bytes = Files.readAllBytes(store.location(s.task()).orElseThrow());
    assertThat(bytes[0]).as("no BOM").isEqualTo((byte) '{');
    for (byte b : bytes) {
      assertThat(b & 0xff).as("ASCII only, no raw CR").isLessThan(0x80).isNotEqualTo('\r');
    }
    String text = new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(text).doesNotContain("NaN").doesNotContain("Infinity").doesNotContain("//").doesNotContain("/*");
    assertThat(store.read(s.task()).orElseThrow().summary()).contains("caf\u00e9 \u2713 \uD83D\uDE80 tab\there");
    assertThat(store.read(s.task()).orElseThrow().score()).as("a NaN score is no score").isEmpty();
  }

  @Test
  void read_statusInAnyCase_asPowerShellComparesIt() {
    Fixtures.place(repo, "a-1", Fixtures.seedJson("a-1", "feature/a-1", ".worktrees/a-1", "")
        .replace("RUNNING", "complete"));
    assertThat(store().read(TaskName.of("a-1")).orElseThrow().status()).isEqualTo(AgentState.COMPLETE);
  }

  @Test
  void read_offsetLessDate_isTakenInTheLocalZone() {
    Fixtures.place(repo, "a-1", Fixtures.seedJson("a-1", "feature/a-1", ".worktrees/a-1", "")
        .replace("\"started\": null", "\"started\": \"2026-01-30T12:30:00\""));
    assertThat(store().read(TaskName.of("a-1")).orElseThrow().started()).contains(T0);
  }

  @Test
  void read_windows1252WithoutBom_asSetContentWritesIt() {
    byte[] bytes = Fixtures.seedJson("a-1", "feature/a-1", ".worktrees/a-1", ", \"note\": \"x\"")
        .replace("\"summary\": null", "\"summary\": \"caf\u00e9\"")
        .getBytes(java.nio.charset.Charset.forName("windows-1252"));
    Fixtures.place(repo, "a-1", bytes);
    assertThat(store().read(TaskName.of("a-1")).orElseThrow().summary()).contains("caf\u00e9");
  }

  @Test
  void list_readsEveryFixtureTogether() {
    Fixtures.place(repo, "auth-1", Fixtures.bytes("ps51-spawn-utf16le.json"));
    Fixtures.place(repo, "task-api", Fixtures.bytes("ps7-complete-single-file.json"));
    Fixtures.place(repo, "task-ui", Fixtures.bytes("ps51-dates-utf8bom.json"));
    Fixtures.place(repo, "task-tests", Fixtures.bytes("ps51-extra-fields-utf8bom.json"));
    var listing = store().list();
    assertThat(listing.problems()).isEmpty();
    assertThat(listing.statuses()).extracting(s -> s.task().value())
        .isEqualTo(List.of("auth-1", "task-api", "task-tests", "task-ui"));
  }
}
