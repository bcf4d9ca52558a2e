package dev.porch.git.internal.env;

import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.TestCommand;
import dev.porch.core.port.Workspace;
import dev.porch.git.internal.GitCli;
import dev.porch.git.internal.Layout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A new worktree's environment: copies {@code .worktreeinclude}'s files, runs Cursor's {@code
 * .cursor/worktrees.json} setup commands and porch's own setup command, all logged to {@code
 * .agent-status/logs/<task>.setup.log}. Also {@code init}'s exclude lines. Thread-safe. The one class
 * of this package that starts processes (the user's own commands, not git).
 */
public final class Setup {
  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private final Layout layout;
  private final Includes includes;
  private final TestCommand command;
  private final Duration timeout;

  public Setup(GitCli git, Layout layout, TestCommand command, Duration timeout) {
    this.layout = layout;
    this.includes = new Includes(git, layout);
    this.command = command;
    this.timeout = timeout;
  }

  /** Adds {@code .worktrees/} and {@code .agent-status/} to {@code <commonDir>/info/exclude}, once. */
  public void exclude(Path commonDir) {
    Path file = commonDir.resolve("info").resolve("exclude");
    try {
      Files.createDirectories(file.getParent());
      String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
      List<String> lines = text.lines().map(String::strip).toList();
      StringBuilder add = new StringBuilder(text.isEmpty() || text.endsWith("\n") ? "" : "\n");
      for (String line : List.of(Layout.DIR + "/", ".agent-status/")) {
        if (!lines.contains(line)) {
          add.append(line).append('\n');
        }
      }
      if (add.length() > 1 || (add.length() == 1 && add.charAt(0) != '\n')) {
        Files.writeString(file, add, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      throw new WorkspaceException("cannot update " + file + ": " + e.getMessage(), e);
    }
  }

  /** Sets {@code ws} up; empty when everything worked, else why not. The worktree stays either way. */
  public Optional<String> run(Workspace ws) {
    String logName = ".agent-status/logs/" + ws.task().value() + ".setup.log";
    try {
      Path log = layout.stateLog(ws.task().value() + ".setup.log");
      Files.writeString(log, "", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS); // a fresh log per set-up
      List<String> copied = includes.copyInto(layout.checked(ws.task()));
      append(log, "porch: copied " + copied.size() + " file(s) listed in .worktreeinclude" + (copied.isEmpty() ? "" : ": " + String.join(", ", copied)));
      List<List<String>> commands = new ArrayList<>();
      for (String line : CursorWorktrees.commands(ws.path(), layout.root(), WINDOWS)) {
        commands.add(shell(line));
      }
      if (command != null) {
        commands.add(command.shell() ? shell(command.arguments().get(0)) : command.arguments());
      }
      for (List<String> argv : commands) {
        Optional<String> failed = exec(argv, ws, log);
        if (failed.isPresent()) {
          return Optional.of(failed.get() + " (see " + logName + ")");
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of("setting up " + ws.relativePath() + " failed: " + e.getMessage());
    }
  }

  /** The user's own command line goes to the platform shell, explicitly. */
  private static List<String> shell(String line) {
    return WINDOWS ? List.of("cmd", "/c", line) : List.of("sh", "-c", line);
  }

  private Optional<String> exec(List<String> argv, Workspace ws, Path log) throws IOException {
    String shown = String.join(" ", argv);
    append(log, "porch: running " + shown);
    ProcessBuilder pb = new ProcessBuilder(argv).directory(ws.path().toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = pb.environment();
    env.put("PORCH_TASK", ws.task().value());
    env.put("PORCH_WORKTREE", ws.path().toString());
    env.put("ROOT_WORKTREE_PATH", layout.root().toString()); // what Cursor gives its setup commands
    ws.port().ifPresent(p -> env.put("PORCH_PORT", Integer.toString(p)));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return Optional.of("setup command " + shown + " could not start: " + e.getMessage());
    }
    p.getOutputStream().close();
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        return Optional.of("setup command " + shown + " timed out after " + timeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return Optional.of("setup command " + shown + " was interrupted");
    }
    append(log, "porch: exit " + p.exitValue());
    return p.exitValue() == 0 ? Optional.empty() : Optional.of("setup command " + shown + " exited with " + p.exitValue());
  }

  private static void append(Path log, String line) throws IOException {
    Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.APPEND,
        LinkOption.NOFOLLOW_LINKS);
  }
}
