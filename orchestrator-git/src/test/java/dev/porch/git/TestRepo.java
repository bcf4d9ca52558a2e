package dev.porch.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real repository in a temporary folder, driven by the git CLI, for tests. */
final class TestRepo {
  final Path dir;

  private TestRepo(Path dir) {
    this.dir = dir;
  }

  /** {@code git init -b main}, a local identity, and one commit of README.md and src/app.txt. */
  static TestRepo create(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestRepo r = new TestRepo(dir);
    r.git("init", "-q", "-b", "main");
    r.git("config", "user.name", "porch test");
    r.git("config", "user.email", "test@porch.invalid");
    r.git("config", "commit.gpgsign", "false");
    r.write("README.md", "# test\n").write("src/app.txt", "one\ntwo\nthree\n");
    r.commitAll("initial");
    return r;
  }

  static TestRepo empty(Path dir) {
    TestRepo r = new TestRepo(dir);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    r.git("init", "-q", "-b", "main");
    return r;
  }

  TestRepo write(String path, String content) {
    return writeIn(dir, path, content);
  }

  TestRepo writeIn(Path where, String path, String content) {
    try {
      Path p = where.resolve(path);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  TestRepo commitAll(String message) {
    git("add", "-A");
    git("commit", "-q", "-m", message);
    return this;
  }

  /** Commits everything in another worktree. */
  void commitIn(Path worktree, String message) {
    gitIn(worktree, "add", "-A");
    gitIn(worktree, "-c", "user.name=agent", "-c", "user.email=a@porch.invalid", "commit", "-q", "-m", message);
  }

  String git(String... args) {
    return gitIn(dir, args);
  }

  static String gitIn(Path where, String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", where.toString()));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("git %s: %s", String.join(" ", args), out).isZero();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
