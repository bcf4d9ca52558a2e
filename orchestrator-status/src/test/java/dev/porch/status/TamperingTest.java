package dev.porch.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.error.TamperedStatusException;
import dev.porch.core.port.StatusStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A status that tries to point porch outside .worktrees/ is refused, reported, never trusted. */
class TamperingTest {
  @TempDir Path repo;

  private TamperedStatusException tampered(String task, String json) {
    Fixtures.place(repo, "a-1", json);
    StatusStore store = StatusFiles.open(repo);
    TamperedStatusException e = org.junit.jupiter.api.Assertions.assertThrows(
        TamperedStatusException.class, () -> store.read(TaskName.of("a-1")));
    assertThat(store.list().problems()).singleElement().isInstanceOf(TamperedStatusException.class);
    assertThat(store.list().statuses()).isEmpty();
    return e;
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "../a-1", "../../etc", ".worktrees/../../x", ".worktrees/a-1/..", ".worktrees/b-2", ".worktrees/a-1/sub",
      "/tmp/a-1", "/.worktrees/a-1", "C:\\\\repo\\\\.worktrees\\\\a-1", "c:.worktrees/a-1", "D:/x",
      "\\\\\\\\server\\\\share\\\\a-1", "//server/share/a-1", "\\\\.worktrees\\\\a-1", ".worktrees\\\\a-1/x",
      "worktrees/a-1", "a-1", "", ".worktrees", ".worktrees/", ".worktrees/A-1", "./../.worktrees/a-1"})
  void read_worktreeOutsideItsFolder_isTampered(String worktree) {
    TamperedStatusException e = tampered("a-1", Fixtures.seedJson("a-1", "feature/a-1", worktree, ""));
    assertThat(e.field()).isEqualTo("worktree");
    assertThat(e.getMessage()).contains("it must be .worktrees/a-1");
  }

  @ParameterizedTest
  @ValueSource(strings = {".worktrees/a-1", "./.worktrees/a-1", ".worktrees\\\\a-1", ".\\\\.worktrees\\\\a-1",
      ".worktrees/a-1/", ".worktrees\\\\a-1\\\\"})
  void read_acceptedWorktreeForms_areNormalised(String worktree) {
    Fixtures.place(repo, "a-1", Fixtures.seedJson("a-1", "feature/a-1", worktree, ""));
    assertThat(StatusFiles.open(repo).read(TaskName.of("a-1")).orElseThrow().worktree()).isEqualTo(".worktrees/a-1");
  }

  @Test
  void read_absolutePathOfThisVeryWorktree_isNormalised() {
    String own = repo.toAbsolutePath().resolve(".worktrees").resolve("a-1").toString();
    Fixtures.place(repo, "a-1", Fixtures.seedJson("a-1", "feature/a-1", own.replace("\\", "\\\\"), ""));
    assertThat(StatusFiles.open(repo).read(TaskName.of("a-1")).orElseThrow().worktree()).isEqualTo(".worktrees/a-1");
    String sibling = repo.toAbsolutePath().resolve(".worktrees").resolve("b-2").toString();
    assertThat(tampered("a-1", Fixtures.seedJson("a-1", "feature/a-1", sibling.replace("\\", "\\\\"), "")).getMessage())
        .contains("an absolute path elsewhere");
    String climbing = repo.toAbsolutePath().resolve(".worktrees/b-2/../a-1").toString();
    assertThat(tampered("a-1", Fixtures.seedJson("a-1", "feature/a-1", climbing.replace("\\", "\\\\"), "")).field())
        .isEqualTo("worktree");
  }

  @ParameterizedTest
  @ValueSource(strings = {"feature/../../main", "feature/a..b", "-delete", "/abs", "feature/", "feature//x",
      "a b", "a~1", "a^1", "a:b", "a?", "a*", "a[1", "a\\\\b", "C:\\\\x", "@", "a@{1}", ".hidden", "x/.y",
      "x.lock", "x/y.lock/z", "x.", "", "a\\u0001b", "a\\u007fb"})
  void read_branchGitWouldRefuse_isTampered(String branch) {
    TamperedStatusException e = tampered("a-1", Fixtures.seedJson("a-1", branch, ".worktrees/a-1", ""));
    assertThat(e.field()).isEqualTo("branch");
  }

  @ParameterizedTest
  @ValueSource(strings = {"feature/a-1", "main", "feature/auth-1", "users/fv/\u00e9t\u00e9", "a.b/c-d_e", "release@2"})
  void read_validBranch_isAccepted(String branch) {
    Fixtures.place(repo, "a-1", Fixtures.seedJson("a-1", branch, ".worktrees/a-1", ""));
    assertThat(StatusFiles.open(repo).read(TaskName.of("a-1")).orElseThrow().branch()).isEqualTo(branch);
  }

  @ParameterizedTest
  @CsvSource({"b-2, the file is a-1.json", "../a-1, not a valid task name", "A-1, not a valid task name",
      "con, not a valid task name", "'a-1 ', not a valid task name"})
  void read_taskNotTheFilesOwn_isTampered(String task, String why) {
    TamperedStatusException e = tampered("a-1", Fixtures.seedJson(task, "feature/a-1", ".worktrees/a-1", ""));
    assertThat(e.field()).isEqualTo("task");
    assertThat(e.getMessage()).contains(why);
  }

  @Test
  void read_worktreeThatIsASymlinkOut_isTampered() throws Exception {
    Path outside = Files.createDirectories(repo.resolve("elsewhere"));
    Files.createDirectories(repo.resolve(".worktrees"));
    Files.createSymbolicLink(repo.resolve(".worktrees/a-1"), outside);
    TamperedStatusException e = tampered("a-1", Fixtures.seedJson("a-1", "feature/a-1", ".worktrees/a-1", ""));
    assertThat(e.problem()).contains("symbolic link");
  }

  @Test
  void read_worktreesFolderThatIsASymlink_isTampered() throws Exception {
    Path outside = Files.createDirectories(repo.resolve("elsewhere/a-1"));
    Files.createSymbolicLink(repo.resolve(".worktrees"), outside.getParent());
    TamperedStatusException e = tampered("a-1", Fixtures.seedJson("a-1", "feature/a-1", ".worktrees/a-1", ""));
    assertThat(e.problem()).contains("'.worktrees' is a symbolic link");
  }

  @Test
  void read_realWorktreeFolder_isTrusted() throws Exception {
    Files.createDirectories(repo.resolve(".worktrees/a-1"));
    Fixtures.place(repo, "a-1", Fixtures.seedJson("a-1", "feature/a-1", ".worktrees/a-1", ""));
    assertThat(StatusFiles.open(repo).read(TaskName.of("a-1"))).isPresent();
  }

  @Test
  @org.junit.jupiter.api.condition.DisabledOnOs(value = org.junit.jupiter.api.condition.OS.WINDOWS,
      disabledReason = "named pipes (mkfifo) are POSIX")
  void read_statusFileThatIsAFifo_isAProblemInsteadOfAHang() throws Exception {
    Files.createDirectories(repo.resolve(".agent-status"));
    Path fifo = repo.resolve(".agent-status/a-1.json");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && mkfifo.exitValue() == 0).isTrue();
    StatusStore store = StatusFiles.open(repo);
    // Opening a FIFO for reading blocks until a writer comes: the store must not open it at all.
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
      assertThatThrownBy(() -> store.read(TaskName.of("a-1"))).isInstanceOf(dev.porch.core.error.StatusFileException.class)
          .hasMessageContaining("a-1.json").hasMessageContaining("not a regular file");
      assertThat(store.list().problems()).singleElement()
          .satisfies(p -> assertThat(p.getMessage()).contains("a-1.json"));
    });
  }

  @Test
  void read_statusFileThatIsAFolder_isAProblem() throws Exception {
    Files.createDirectories(repo.resolve(".agent-status/a-1.json"));
    StatusStore store = StatusFiles.open(repo);
    assertThatThrownBy(() -> store.read(TaskName.of("a-1"))).isInstanceOf(dev.porch.core.error.StatusFileException.class)
        .hasMessageContaining("a-1.json").hasMessageContaining("a folder");
  }

  @Test
  void read_statusFileThatIsASymlink_isTampered() throws Exception {
    Path real = Files.writeString(repo.resolve("secret.json"),
        Fixtures.seedJson("a-1", "feature/a-1", ".worktrees/a-1", ""));
    Files.createDirectories(repo.resolve(".agent-status"));
    Files.createSymbolicLink(repo.resolve(".agent-status/a-1.json"), real);
    StatusStore store = StatusFiles.open(repo);
    assertThatThrownBy(() -> store.read(TaskName.of("a-1"))).isInstanceOf(TamperedStatusException.class)
        .hasMessageContaining("symbolic link");
  }

  @Test
  void write_tamperedStatus_isRefusedAndWritesNothing() {
    StatusStore store = StatusFiles.open(repo);
    AgentStatus badWorktree = AgentStatus.pending(TaskName.of("a-1"), "feature/a-1", "../../etc");
    AgentStatus badBranch = AgentStatus.pending(TaskName.of("a-1"), "feature/../x", ".worktrees/a-1");
    assertThatThrownBy(() -> store.write(badWorktree)).isInstanceOf(TamperedStatusException.class);
    assertThatThrownBy(() -> store.write(badBranch)).isInstanceOf(TamperedStatusException.class);
    assertThat(store.read(TaskName.of("a-1"))).isEmpty();
  }

  @Test
  void write_windowsWorktreeForm_isWrittenNormalised() {
    StatusStore store = StatusFiles.open(repo);
    store.write(AgentStatus.pending(TaskName.of("a-1"), "feature/a-1", ".worktrees\\a-1"));
    assertThat(Fixtures.read(store.location(TaskName.of("a-1")).orElseThrow()))
        .contains("\"worktree\": \".worktrees/a-1\"");
  }
}
