package dev.porch.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real git repository in a temporary folder for tests: {@code git init -b main}, a repo-local
 * identity, no signing. Helpers write and commit files and make branches with the git CLI.
 */
public final class TestRepo {
  private final Path dir;

  private TestRepo(Path dir) {
    this.dir = dir;
  }

  /** A new repository at {@code dir} (created), with no commits. */
  public static TestRepo init(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestRepo r = new TestRepo(dir);
    r.git("init", "-q", "-b", "main");
    r.git("config", "user.name", "Porch Test");
    r.git("config", "user.email", "test@porch.dev");
    r.git("config", "commit.gpgsign", "false");
    return r;
  }

  /** A new repository with {@code files} committed on main. */
  public static TestRepo withFiles(Path dir, Map<String, String> files) {
    TestRepo r = init(dir);
    files.forEach(r::write);
    if (files.isEmpty()) {
      r.git("commit", "-q", "--allow-empty", "-m", "init");
    } else {
      r.commit("init");
    }
    return r;
  }

  public Path dir() {
    return dir;
  }

  /** What git printed and how it exited. */
  public record Run(int exit, String out, String err) {}

  /** Runs git in {@code where}, whatever it exits with. */
  public static Run run(Path where, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("testrepo", ".out");
      Path err = Files.createTempFile("testrepo", ".err");
      Process p = new ProcessBuilder(cmd).directory(where.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("git timed out: " + cmd);
      }
      Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
      Files.delete(out);
      Files.delete(err);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Runs git in {@code where} and returns stdout; fails the test if git fails. */
  public static String git(Path where, String... args) {
    Run r = run(where, args);
    if (r.exit() != 0) {
      throw new AssertionError("git " + String.join(" ", args) + " failed (" + r.exit() + "): " + r.err());
    }
    return r.out();
  }

  /** Runs git in the repository and returns stdout. */
  public String git(String... args) {
    return git(dir, args);
  }

  /** Writes a file (creating folders). */
  public TestRepo write(String path, String content) {
    write(dir, path, content);
    return this;
  }

  /** Writes a file under {@code where} (creating folders). */
  public static void write(Path where, String path, String content) {
    try {
      Path p = where.resolve(path);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stages everything and commits; returns the new commit id. */
  public String commit(String message) {
    return commitIn(dir, message);
  }

  /** Stages everything in a worktree and commits; returns the new commit id. */
  public static String commitIn(Path where, String message) {
    git(where, "add", "-A");
    git(where, "commit", "-q", "-m", message);
    return git(where, "rev-parse", "HEAD").strip();
  }

  /** Writes {@code files} and commits them. */
  public String commit(Map<String, String> files, String message) {
    files.forEach(this::write);
    return commit(message);
  }

  /** Creates {@code name} at HEAD without checking it out. */
  public TestRepo branch(String name) {
    git("branch", name);
    return this;
  }

  /** Checks out {@code name}. */
  public TestRepo checkout(String name) {
    git("checkout", "-q", name);
    return this;
  }

  /** The commit id of {@code ref}. */
  public String rev(String ref) {
    return git("rev-parse", ref).strip();
  }

  /** Whether {@code refs/heads/<branch>} exists. */
  public boolean hasBranch(String branch) {
    return run(dir, "rev-parse", "-q", "--verify", "refs/heads/" + branch).exit() == 0;
  }

  /** Deletes a folder tree without following symlinks (a test's "rm -rf"). */
  public static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
