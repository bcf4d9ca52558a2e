package dev.porch.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.TaskName;
import dev.porch.core.error.StatusFileException;
import dev.porch.core.error.TamperedStatusException;
import dev.porch.core.port.StatusListing;
import dev.porch.core.port.StatusStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Unreadable files give a StatusFileException naming the file and the problem; list() goes on. */
class StatusFileProblemsTest {
  @TempDir Path repo;

  private StatusFileException readFails(String content) {
    return readFails(content.getBytes(StandardCharsets.UTF_8));
  }

  private StatusFileException readFails(byte[] content) {
    Path file = Fixtures.place(repo, "a-1", content);
    StatusStore store = StatusFiles.open(repo);
    StatusFileException e = org.junit.jupiter.api.Assertions.assertThrows(
        StatusFileException.class, () -> store.read(TaskName.of("a-1")));
    assertThat(e).isNotInstanceOf(TamperedStatusException.class);
    assertThat(e.file()).isEqualTo(file.toAbsolutePath());
    assertThat(e.getMessage()).contains(file.getFileName().toString()).contains(e.problem());
    return e;
  }

  private static String valid(String extra) {
    return Fixtures.seedJson("a-1", "feature/a-1", ".worktrees/a-1", extra);
  }

  @Test
  void read_emptyFile() {
    assertThat(readFails("").problem()).isEqualTo("the file is empty");
  }

  @Test
  void read_whitespaceAndBomOnly() {
    assertThat(readFails(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '\r', '\n'}).problem())
        .isEqualTo("the file is empty");
  }

  @Test
  void read_nulBytes_asLeftByACrashedNonAtomicWriter() {
    assertThat(readFails(new byte[64]).problem()).isEqualTo("the file is empty");
  }

  @Test
  void read_truncated_namesLineAndColumn() {
    String text = valid("");
    StatusFileException e = readFails(text.substring(0, text.indexOf("\"branch\"") + 5));
    assertThat(e.problem()).startsWith("not valid JSON");
    assertThat(e.line()).hasValue(1);
    assertThat(e.column()).isPresent();
  }

  @Test
  void read_syntaxErrorOnLine3_saysLine3() {
    StatusFileException e = readFails("{\n  \"task\": \"a-1\",\n  \"status\" \"RUNNING\"\n}");
    assertThat(e.line()).hasValue(3);
    assertThat(e.getMessage()).contains("line 3");
  }

  @Test
  void read_oversized() {
    String big = valid(", \"padding\": \"" + "x".repeat(1024 * 1024) + "\"");
    assertThat(readFails(big).problem()).contains("bytes; the limit is 1048576 bytes");
  }

  @Test
  void read_deeplyNested_isRefusedQuickly() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    assertThat(readFails(valid(", \"x\": " + deep)).problem()).contains("nesting depth");
  }

  @Test
  void read_hugeString_isRefused() {
    Path file = Fixtures.place(repo, "a-1", valid(", \"x\": \"" + "y".repeat(600 * 1024) + "\""));
    StatusStore store = StatusFiles.open(repo);
    assertThatThrownBy(() -> store.read(TaskName.of("a-1")))
        .isInstanceOf(StatusFileException.class)
        .hasMessageContaining(file.getFileName().toString())
        .hasMessageContaining("String value length");
  }

  @Test
  void read_duplicateKey_isRefused() {
    assertThat(readFails(valid(", \"task\": \"b-2\"")).problem()).contains("Duplicate field 'task'");
  }

  @Test
  void read_trailingContent_isRefused() {
    assertThat(readFails(valid("") + " {}").problem()).contains("unexpected content after the JSON object");
  }

  @Test
  void read_arrayAtTheRoot_isRefused() {
    assertThat(readFails("[1, 2]").problem()).contains("expected a JSON object").contains("an array");
  }

  @Test
  void read_invalidUtf16_isRefused() {
    assertThat(readFails(new byte[] {(byte) 0xFF, (byte) 0xFE, 0x00, (byte) 0xD8, '{', 0}).problem())
        .contains("not valid UTF-16LE");
  }

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        Arguments.of(valid("").replace("\"RUNNING\"", "\"DONE\""), "field 'status' must be one of"),
        Arguments.of(valid("").replace("\"RUNNING\"", "3"), "field 'status' must be a string, found the number 3"),
        Arguments.of(valid("").replace("\"started\": null", "\"started\": \"yesterday\""),
            "field 'started' 'yesterday' is not a date-time"),
        Arguments.of(valid("").replace("\"started\": null", "\"started\": 1706610600"),
            "field 'started' must be a date-time string or null"),
        Arguments.of(valid("").replace("\"files_changed\": []", "\"files_changed\": [1]"),
            "field 'files_changed' must hold only strings"),
        Arguments.of(valid("").replace("\"files_changed\": []", "\"files_changed\": true"),
            "field 'files_changed' must be an array of strings"),
        Arguments.of(valid("").replace("\"summary\": null", "\"summary\": []"), "field 'summary' must be a string"),
        Arguments.of(valid(", \"attempt\": \"two\""), "field 'attempt' must be a whole number"),
        Arguments.of(valid(", \"attempt\": 0"), "field 'attempt' must be between 1"),
        Arguments.of(valid(", \"attempt\": 1.5"), "field 'attempt' must be a whole number"),
        Arguments.of(valid(", \"pid\": 99999999999999999999999"), "field 'pid' must be a whole number"),
        Arguments.of(valid(", \"port\": 70000"), "field 'port' must be between 0 and 65535"),
        Arguments.of(valid(", \"score\": \"high\""), "field 'score' must be a number"),
        Arguments.of(valid(", \"tests\": []"), "field 'tests' must be an object"),
        Arguments.of(valid(", \"tests\": {\"exit_code\": 0}"), "field 'tests.passed' is missing"),
        Arguments.of(valid(", \"tests\": {\"passed\": \"yes\", \"exit_code\": 0}"), "field 'tests.passed' must be true or false"),
        Arguments.of(valid("").replace(", \"branch\": \"feature/a-1\"", ""), "field 'branch' is missing"),
        Arguments.of(valid("").replace("\"task\": \"a-1\", ", ""), "field 'task' is missing"),
        Arguments.of(valid("").replace("\"worktree\": \".worktrees/a-1\"", "\"worktree\": null"),
            "field 'worktree' is missing (null)"));
  }

  @ParameterizedTest
  @MethodSource("wrongTypes")
  void read_wronglyTyped_namesTheFieldAndItsPlace(String content, String problem) {
    StatusFileException e = readFails(content);
    assertThat(e.problem()).contains(problem);
  }

  @Test
  void read_wronglyTyped_givesTheValuesLine() {
    StatusFileException e = readFails(valid("").replace("\"summary\": null,", "\n\n\"summary\": 42,"));
    assertThat(e.line()).hasValue(3);
    assertThat(e.column()).hasValue(12);
  }

  @Test
  void list_reportsEachProblemAndGoesOn() throws Exception {
    StatusStore store = StatusFiles.open(repo);
    store.write(Fixtures.pending("a-1"));
    Fixtures.place(repo, "b-2", "{");
    store.write(Fixtures.pending("c-3"));
    Fixtures.place(repo, "d-4", Fixtures.seedJson("d-4", "feature/d-4", "../../etc", ""));
    Fixtures.place(repo, "Upper-Case", Fixtures.seedJson("upper-case", "feature/x", ".worktrees/upper-case", ""));
    Files.writeString(repo.resolve(".agent-status/notes.txt"), "not a status");
    Files.writeString(repo.resolve(".agent-status/.hidden.json"), "{");
    StatusListing l = store.list();
    assertThat(l.statuses()).extracting(s -> s.task().value()).containsExactly("a-1", "c-3");
    assertThat(l.problems()).extracting(p -> p.file().getFileName().toString())
        .containsExactly("Upper-Case.json", "b-2.json", "d-4.json");
    assertThat(l.problems().get(0).problem()).contains("not a task name").contains("upper-case");
    assertThat(l.problems().get(2)).isInstanceOf(TamperedStatusException.class);
  }
}
