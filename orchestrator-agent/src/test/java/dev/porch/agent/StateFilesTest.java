package dev.porch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing under .agent-status never goes through a link, and never opens something that is not a file. */
class StateFilesTest {
  @TempDir Path tmp;
  Path status;
  Path outside;

  @BeforeEach
  void setUp() throws IOException {
    status = Files.createDirectories(tmp.resolve("repo")).resolve(".agent-status");
    outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "keep me\n");
  }

  @Test
  void makesTheFoldersAndAppends() throws IOException {
    Path log = status.resolve("logs/t-1.log");
    try (OutputStream out = StateFiles.append(status, log)) {
      out.write("one\n".getBytes(StandardCharsets.UTF_8));
    }
    try (OutputStream out = StateFiles.append(status, log)) {
      out.write("two\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(log).hasContent("one\ntwo");
    try (OutputStream out = StateFiles.replace(status, log)) {
      out.write("fresh\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(log).hasContent("fresh");
  }

  @Test
  void refusesALinkedStateFolderOrLogsFolder() throws IOException {
    Files.createSymbolicLink(status, outside);
    assertThatThrownBy(() -> StateFiles.append(status, status.resolve("logs/t-1.log")))
        .hasMessageContaining(status + " is a symbolic link, not a folder").hasMessageContaining("remove it");
    Files.delete(status);
    Files.createDirectories(status);
    Files.createSymbolicLink(status.resolve("logs"), outside);
    assertThatThrownBy(() -> StateFiles.replace(status, status.resolve("logs/t-1.test.log")))
        .hasMessageContaining(status.resolve("logs") + " is a symbolic link");
    assertThat(outside).isDirectoryNotContaining(p -> !p.getFileName().toString().equals("secret.txt"));
  }

  @Test
  void refusesALinkedLogWithoutTruncatingItsTarget() throws IOException {
    Path log = Files.createDirectories(status.resolve("logs")).resolve("t-1.test.log");
    Files.createSymbolicLink(log, outside.resolve("secret.txt"));
    assertThatThrownBy(() -> StateFiles.replace(status, log)).hasMessageContaining(log + " is a symbolic link, not a plain file");
    assertThat(outside.resolve("secret.txt")).hasContent("keep me");
  }

  @Test
  void refusesAFolderOrAFileOutsideTheStateFolder() throws IOException {
    Files.createDirectories(status.resolve("logs/t-1.log"));
    assertThatThrownBy(() -> StateFiles.append(status, status.resolve("logs/t-1.log"))).hasMessageContaining("is a folder, not a plain file");
    assertThatThrownBy(() -> StateFiles.prepare(status, outside.resolve("x.log"))).hasMessageContaining("is not inside");
  }
}
