package dev.porch.git.internal;

import dev.porch.core.TestCommand;
import dev.porch.core.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Gives a new worktree what a developer's checkout has and git does not carry: the git-ignored files
 * that {@code .worktreeinclude} lists (gitignore syntax; the same file Claude Code reads), and the
 * project's setup command, run in the worktree with its output logged.
 */
public final class Environment {
  private final Git git;
  private final Path root;
  private final Optional<TestCommand> setup;
  private final Duration setupTimeout;

  public Environment(Git git, Path root, Optional<TestCommand> setup, Duration setupTimeout) {
    this.git = git;
    this.root = root;
    this.setup = setup;
    this.setupTimeout = setupTimeout;
  }

  /** Copies the included files, then runs the setup command; returns why it failed, if it did. */
  public Optional<String> prepare(Workspace ws) {
    try {
      copyIncluded(ws.path());
    } catch (IOException e) {
      return Optional.of("copying .worktreeinclude files failed: " + e.getMessage());
    }
    return setup.flatMap(cmd -> run(cmd, ws));
  }

  /** Files both git-ignored by the repository and matched by {@code .worktreeinclude}. */
  List<String> included() {
    if (!Files.isRegularFile(root.resolve(".worktreeinclude"))) {
      return List.of();
    }
    Set<String> ignored = new HashSet<>(git.check(root, "ls-files", "-z", "--others", "--ignored", "--exclude-standard").fields());
    List<String> out = new ArrayList<>();
    for (String f : git.check(root, "ls-files", "-z", "--others", "--ignored", "--exclude-from=.worktreeinclude").fields()) {
      if (ignored.contains(f) && !f.startsWith(".worktrees/") && !f.startsWith(".agent-status/")) {
        out.add(f);
      }
    }
    return out;
  }

  private void copyIncluded(Path worktree) throws IOException {
    Path realRoot = root.toRealPath();
    for (String f : included()) {
      Path from = root.resolve(f).normalize();
      // never follow a link out of the repository, never write outside the worktree
      if (Files.isSymbolicLink(from) || !from.toRealPath().startsWith(realRoot)) {
        continue;
      }
      Path to = worktree.resolve(f).normalize();
      if (!to.startsWith(worktree) || Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      Files.createDirectories(to.getParent());
      Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  private Optional<String> run(TestCommand cmd, Workspace ws) {
    List<String> argv = new ArrayList<>();
    if (cmd.shell()) {
      boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
      argv.addAll(windows ? List.of("cmd.exe", "/c") : List.of("sh", "-c"));
    }
    argv.addAll(cmd.arguments());
    Path log = root.resolve(".agent-status/logs/" + ws.task() + ".setup.log");
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder pb = new ProcessBuilder(argv).directory(ws.path().toFile())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().put("PORCH_TASK", ws.task().value());
      pb.environment().put("PORCH_WORKTREE", ws.path().toString());
      pb.environment().put("PORCH_BRANCH", ws.branch());
      ws.port().ifPresent(p -> pb.environment().put("PORCH_PORT", Integer.toString(p)));
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(setupTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return Optional.of("setup command '" + cmd.display() + "' did not finish within " + setupTimeout.toSeconds() + " s (log: " + root.relativize(log) + ")");
      }
      return p.exitValue() == 0 ? Optional.empty()
          : Optional.of("setup command '" + cmd.display() + "' exited with " + p.exitValue() + " (log: " + root.relativize(log) + ")");
    } catch (IOException e) {
      return Optional.of("setup command '" + cmd.display() + "' could not start: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted during setup");
    }
  }
}
