package dev.porch.agent.testing;

import dev.porch.core.TaskName;
import dev.porch.core.port.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** A real git repository in a temporary folder, with worktrees made by the git CLI, for tests. */
public final class GitRepo {
  private final Path root;

  private GitRepo(Path root) {
    this.root = root;
  }

  /**
   * Makes a repository with one commit on {@code main}.
   *
   * @param dir an empty folder
   * @return the repository
   */
  public static GitRepo init(Path dir) {
    GitRepo repo = new GitRepo(dir.toAbsolutePath());
    try {
      Files.createDirectories(dir);
      repo.git("init", "-q", "-b", "main");
      Files.writeString(dir.resolve("README.md"), "hello\n");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "initial");
    return repo;
  }

  /** The main worktree. */
  public Path root() {
    return root;
  }

  /**
   * Adds worktree {@code .worktrees/<task>} on a new branch {@code feature/<task>} from main.
   *
   * @param task the task name
   * @return its workspace
   */
  public Workspace worktree(String task) {
    Path path = root.resolve(".worktrees").resolve(task);
    git("worktree", "add", "-q", "-b", "feature/" + task, path.toString(), "main");
    return new Workspace(TaskName.of(task), path, ".worktrees/" + task, "feature/" + task, "main",
        git("rev-parse", "main").trim(), OptionalInt.of(3100));
  }

  /**
   * A workspace value for a plain folder (no git worktree), for tests that only need a directory.
   *
   * @param task the task name
   * @return the workspace, its folder created
   */
  public Workspace folder(String task) {
    Path path = root.resolve(".worktrees").resolve(task);
    try {
      Files.createDirectories(path);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return new Workspace(TaskName.of(task), path, ".worktrees/" + task, "feature/" + task, "main", "0".repeat(40),
        OptionalInt.empty());
  }

  /**
   * Runs git in the repository.
   *
   * @param args git's arguments
   * @return its standard output
   */
  public String git(String... args) {
    return gitIn(root, args);
  }

  /**
   * Runs git in {@code dir}.
   *
   * @param dir the working directory
   * @param args git's arguments
   * @return its standard output
   */
  public static String gitIn(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=test@porch.test"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
