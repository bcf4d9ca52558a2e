package dev.porch.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.porch.agent.testing.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status folder cannot be written: read-only, or its disk is full. An agent's {@code porch
 * complete} must then fail with a plain message (exit 1, no stack trace) and leave the previous
 * status file byte for byte as it was.
 *
 * <p>As root, file permissions do not stop writes, so the read-only case bind-mounts the folder
 * read-only; the disk-full case mounts a 64 KiB tmpfs over it. Both need root and mount(8); where
 * they are missing (and, for the full disk, not on Linux) the test is skipped, which surefire reports.
 */
class DiskFaultsTest {
  @TempDir Path tmp;
  private GitRepo repo;
  private Path status;
  private Path worktree;
  private boolean mounted;

  @BeforeEach
  void setUp() {
    repo = GitRepo.init(tmp.resolve("repo"));
    Runs.Run spawn = Runs.porch(repo.root(), Map.of(), "spawn", "disk", "--agents", "1");
    assertThat(spawn.code()).as(spawn.toString()).isZero();
    status = repo.root().resolve(".agent-status");
    worktree = repo.root().resolve(".worktrees/disk-1");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (mounted) {
      run("umount", "-l", status.toString());
    }
    status.toFile().setWritable(true);
  }

  @Test
  void readOnlyStatusFolder_clearErrorAndThePreviousFileIntact() throws Exception {
    byte[] before = Files.readAllBytes(status.resolve("disk-1.json"));
    if (isRoot()) {
      assumeTrue(run("mount", "--bind", status.toString(), status.toString()), "needs mount --bind");
      mounted = true;
      assumeTrue(run("mount", "-o", "remount,ro,bind", status.toString()), "needs a read-only remount");
    } else {
      assertThat(status.toFile().setWritable(false)).isTrue();
    }

    Runs.Run r = Runs.porch(worktree, Map.of(), "complete", "--summary", "done");

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("disk-1").contains("is writable and its disk has free space")
        .doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(Files.readAllBytes(status.resolve("disk-1.json"))).isEqualTo(before);
  }

  @Test
  void fullDisk_clearErrorAndThePreviousFileIntact() throws Exception {
    assumeTrue(isRoot() && System.getProperty("os.name").startsWith("Linux"), "needs root to mount a tmpfs");
    Path saved = tmp.resolve("saved");
    Files.createDirectories(saved);
    try (var files = Files.list(status)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        Files.copy(p, saved.resolve(p.getFileName()));
      }
    }
    assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", status.toString()), "needs mount -t tmpfs");
    mounted = true;
    try (var files = Files.list(saved)) {
      for (Path p : files.toList()) {
        Files.copy(p, status.resolve(p.getFileName()));
      }
    }
    byte[] before = Files.readAllBytes(status.resolve("disk-1.json"));
    fill(status.resolve("filler"));

    Runs.Run r = Runs.porch(worktree, Map.of(), "complete", "--summary", "x".repeat(8192));

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("disk-1").contains("No space left").doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(Files.readAllBytes(status.resolve("disk-1.json"))).isEqualTo(before);
    try (var files = Files.list(status)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp")).toList())
          .as("no temporary file left behind").isEmpty();
    }
  }

  /** Writes zeros into {@code file} until the disk is full. */
  private static void fill(Path file) {
    byte[] block = new byte[1024];
    try (var out = Files.newOutputStream(file)) {
      while (true) {
        out.write(block);
        out.flush();
      }
    } catch (IOException full) {
      // the point
    }
  }

  private static boolean isRoot() {
    try {
      Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      return p.waitFor(10, TimeUnit.SECONDS) && out.equals("0");
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static boolean run(String... cmd) {
    try {
      Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
