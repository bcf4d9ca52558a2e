package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real git repository in a temporary folder, driven through the git CLI. */
final class GitRepo {
  final Path dir;

  private GitRepo(Path dir) {
    this.dir = dir;
  }

  /** {@code git init -b main} with a local identity and one commit. */
  static GitRepo create(Path dir) throws IOException {
    Files.createDirectories(dir);
    GitRepo r = new GitRepo(dir);
    r.git("init", "-q", "-b", "main");
    r.git("config", "user.name", "porch test");
    r.git("config", "user.email", "test@porch.invalid");
    r.git("config", "commit.gpgsign", "false");
    r.write("README.md", "# test repo\n");
    r.write("src/app.txt", "line 1\nline 2\nline 3\n");
    r.git("add", "-A");
    r.git("commit", "-q", "-m", "initial");
    return r;
  }

  GitRepo write(String path, String content) throws IOException {
    Path p = dir.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return this;
  }

  /** Runs git in {@code dir}; fails the test when git fails. */
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
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("git %s finished", args).isTrue();
      assertThat(p.exitValue()).as("git %s: %s", String.join(" ", args), out).isZero();
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Commits everything in a worktree, as an agent would. */
  static void commitIn(Path worktree, String message) {
    gitIn(worktree, "add", "-A");
    gitIn(worktree, "-c", "user.name=agent", "-c", "user.email=agent@porch.invalid", "commit", "-q", "-m", message);
  }
}
