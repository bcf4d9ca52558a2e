package dev.porch.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing under a repository never goes through a link at any level, never opens something that is
 * not a plain file, and replaces files whole. (Moved here from the agent adapter's StateFilesTest;
 * the cases the status store's and the git adapter's copies checked are here too.)
 */
class StateFilesTest {
  @TempDir Path tmp;
  Path repo;
  Path status;
  Path outside;

  @BeforeEach
  void setUp() throws IOException {
    repo = Files.createDirectories(tmp.resolve("repo"));
    status = repo.resolve(".agent-status");
    outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "keep me\n");
  }

  @Test
  void append_makesTheFoldersAndAppends_replace_empties() throws IOException {
    Path log = status.resolve("logs/t-1.log");
    try (OutputStream out = StateFiles.append(repo, log)) {
      out.write("one\n".getBytes(StandardCharsets.UTF_8));
    }
    try (OutputStream out = StateFiles.append(repo, log)) {
      out.write("two\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(log).hasContent("one\ntwo");
    try (OutputStream out = StateFiles.replace(repo, log)) {
      out.write("fresh\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(log).hasContent("fresh");
  }

  @Test
  void append_linkedStateFolderOrLogsFolder_isRefused() throws IOException {
    Files.createSymbolicLink(status, outside);
    assertThatThrownBy(() -> StateFiles.append(repo, status.resolve("logs/t-1.log")))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining(status + " is a symbolic link, not a folder").hasMessageContaining("remove it");
    Files.delete(status);
    Files.createDirectories(status);
    Files.createSymbolicLink(status.resolve("logs"), outside);
    assertThatThrownBy(() -> StateFiles.replace(repo, status.resolve("logs/t-1.test.log")))
        .hasMessageContaining(status.resolve("logs") + " is a symbolic link");
    assertThat(outside).isDirectoryNotContaining(p -> !p.getFileName().toString().equals("secret.txt"));
  }

  @Test
  void folders_checksEveryLevelFromTheRootDown() throws IOException {
    Path deep = status.resolve("a/b/c");
    Files.createDirectories(status.resolve("a"));
    Files.createSymbolicLink(status.resolve("a/b"), outside);
    assertThatThrownBy(() -> StateFiles.folders(repo, deep))
        .isInstanceOfSatisfying(UnsafePathException.class, e -> {
          assertThat(e.path()).isEqualTo(status.resolve("a/b"));
          assertThat(e.found()).isEqualTo("a symbolic link");
        });
    assertThat(outside.resolve("c")).doesNotExist();
  }

  @Test
  void folders_aFileWhereAFolderMustBe_isRefused() throws IOException {
    Files.createDirectories(status);
    Files.writeString(status.resolve("logs"), "not a folder");
    assertThatThrownBy(() -> StateFiles.folders(repo, status.resolve("logs")))
        .hasMessageContaining(status.resolve("logs") + " is a file, not a folder");
  }

  @Test
  void folders_theRootItself_isTrustedAndNotMade() throws IOException {
    assertThat(StateFiles.folders(repo, repo)).isEqualTo(repo);
    assertThat(StateFiles.folders(repo, status)).isDirectory();
  }

  @Test
  void replace_linkedLog_isRefusedWithoutTruncatingItsTarget() throws IOException {
    Path log = Files.createDirectories(status.resolve("logs")).resolve("t-1.test.log");
    Files.createSymbolicLink(log, outside.resolve("secret.txt"));
    assertThatThrownBy(() -> StateFiles.replace(repo, log)).hasMessageContaining(log + " is a symbolic link, not a plain file");
    assertThat(outside.resolve("secret.txt")).hasContent("keep me");
  }

  @Test
  void prepare_aFolderOrAFileOutsideTheRoot_isRefused() throws IOException {
    Files.createDirectories(status.resolve("logs/t-1.log"));
    assertThatThrownBy(() -> StateFiles.append(repo, status.resolve("logs/t-1.log"))).hasMessageContaining("is a folder, not a plain file");
    assertThatThrownBy(() -> StateFiles.prepare(repo, outside.resolve("x.log")))
        .isInstanceOfSatisfying(UnsafePathException.class, e -> assertThat(e.found()).isEqualTo("outside"))
        .hasMessageContaining("is not inside");
    assertThatThrownBy(() -> StateFiles.prepare(repo, status.resolve("../../outside/x.log"))).hasMessageContaining("is not inside");
    assertThatThrownBy(() -> StateFiles.write(repo, repo, "x")).hasMessageContaining("is not inside");
  }

  @Test
  void plainOrAbsent_aNamedPipe_isRefusedWithoutOpeningIt() throws Exception {
    Assumptions.assumeFalse(System.getProperty("os.name").startsWith("Windows"), "named pipes are POSIX files");
    Path pipe = Files.createDirectories(status.resolve("logs")).resolve("t-1.log");
    Process p = new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).as("mkfifo").isTrue();
    assertThatThrownBy(() -> StateFiles.append(repo, pipe)).hasMessageContaining("a pipe, socket or device");
    StateFiles.plainOrAbsent(status.resolve("logs/absent.log"));
  }

  @Test
  void write_replacesWholeAndLeavesNoTempFile() throws IOException {
    Path prompt = status.resolve("prompts/t-1.md");
    StateFiles.write(repo, prompt, "first");
    StateFiles.write(repo, prompt, "second");
    assertThat(prompt).hasContent("second");
    try (Stream<Path> s = Files.list(prompt.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("t-1.md");
    }
  }

  @Test
  void write_aLinkAtTheName_isReplacedNeverFollowed() throws IOException {
    Path prompt = Files.createDirectories(status.resolve("prompts")).resolve("t-1.md");
    Files.createSymbolicLink(prompt, outside.resolve("secret.txt"));
    StateFiles.write(repo, prompt, "mine");
    assertThat(Files.isSymbolicLink(prompt)).isFalse();
    assertThat(prompt).hasContent("mine");
    assertThat(outside.resolve("secret.txt")).hasContent("keep me");
  }

  @Test
  void write_throughALinkedFolder_isRefused() throws IOException {
    Files.createSymbolicLink(status, outside);
    assertThatThrownBy(() -> StateFiles.write(repo, status.resolve("t-1.json"), "x")).isInstanceOf(UnsafePathException.class);
    assertThat(outside.resolve("t-1.json")).doesNotExist();
  }

  @Test
  void write_whenTheMoveFails_leavesTheTargetAndNoTempFile() throws IOException {
    Path target = status.resolve("t-1.json");
    Files.createDirectories(target.resolve("blocker")); // a non-empty folder cannot be replaced
    assertThatThrownBy(() -> StateFiles.write(repo, target, "x")).isInstanceOf(IOException.class);
    assertThat(target.resolve("blocker")).isDirectory();
    try (Stream<Path> s = Files.list(status)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("t-1.json");
    }
  }

  @Test
  void read_overTheLimitOrALink_isRefused() throws IOException {
    Path file = Files.writeString(Files.createDirectories(status).resolve("t-1.json"), "12345");
    assertThat(StateFiles.read(file, 5)).hasSize(5);
    assertThatThrownBy(() -> StateFiles.read(file, 4))
        .isInstanceOfSatisfying(FileTooLargeException.class, e -> assertThat(e.size()).isEqualTo(5));
    Path link = Files.createSymbolicLink(status.resolve("t-2.json"), outside.resolve("secret.txt"));
    assertThatThrownBy(() -> StateFiles.read(link, 100)).isInstanceOf(IOException.class);
  }
}
