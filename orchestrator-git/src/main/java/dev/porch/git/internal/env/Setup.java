package dev.porch.git.internal.env;

import dev.porch.core.StateLayout;
import dev.porch.core.TaskName;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.TestCommand;
import dev.porch.core.port.Workspace;
import dev.porch.files.StateFiles;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A new worktree's environment: copies {@code .worktreeinclude}'s files, shares the folders {@code
 * .porch.json}'s {@code share} names, then runs one set of setup commands, chosen by precedence:
 * porch's own {@code setup}, else Cursor's {@code .cursor/worktrees.json}, else Conductor's {@code
 * .conductor/settings.toml}, else Conductor's legacy {@code conductor.json}. Another tool's file runs
 * only while its content is trusted ({@link TrustStore}); otherwise it is skipped with a note. All of
 * it is logged to {@code .agent-status/logs/<task>.setup.log}, and the notes are kept per task for
 * {@code porch spawn} to print. Also {@code init}'s exclude lines. Thread-safe. Starts the user's own
 * commands (not git).
 */
public final class Setup {
  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private final GitCli git;
  private final Layout layout;
  private final Includes includes;
  private final TestCommand command;
  private final Duration timeout;
  private final Map<String, Share.Mode> share;
  private final Optional<TrustStore> trust;
  private final Share sharer;
  private final Map<TaskName, List<String>> notes = new ConcurrentHashMap<>();

  /**
   * @param share folders to share, relative to the repository, with their mode ({@code auto},
   *     {@code clone}, {@code symlink}, {@code copy})
   * @param trust the store of trusted setup files; empty: no other tool's file is ever run
   */
  public Setup(GitCli git, Layout layout, TestCommand command, Duration timeout, Map<String, String> share,
      Optional<TrustStore> trust) {
    this.git = git;
    this.layout = layout;
    this.includes = new Includes(git, layout);
    this.command = command;
    this.timeout = timeout;
    Map<String, Share.Mode> modes = new LinkedHashMap<>();
    share.forEach((folder, mode) -> modes.put(folder, Share.Mode.parse(mode)));
    this.share = modes;
    this.trust = trust;
    this.sharer = new Share(git, layout.root(), line -> exclude(commonDir(), List.of(line)), layout.state().shareTimes());
  }

  /** Whether {@code mode} names a share mode. */
  public static boolean isShareMode(String mode) {
    try {
      Share.Mode.parse(mode);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Adds {@code .worktrees/} and {@code .agent-status/} to {@code <commonDir>/info/exclude}, once. */
  public void exclude(Path commonDir) {
    exclude(commonDir, List.of(StateLayout.WORKTREES_FOLDER + "/", StateLayout.STATUS_FOLDER + "/"));
  }

  private Path commonDir() {
    return Path.of(git.ok(layout.root(), List.of("rev-parse", "--path-format=absolute", "--git-common-dir")).strip());
  }

  private static synchronized void exclude(Path commonDir, List<String> wanted) {
    Path file = commonDir.resolve("info").resolve("exclude");
    try {
      Files.createDirectories(file.getParent());
      String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
      List<String> lines = text.lines().map(String::strip).toList();
      StringBuilder add = new StringBuilder();
      for (String line : wanted) {
        if (!lines.contains(line)) {
          add.append(line).append('\n');
        }
      }
      if (add.length() > 0) {
        Files.writeString(file, (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + add, StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      throw new WorkspaceException("cannot update " + file + ": " + e.getMessage(), e);
    }
  }

  /** What the last {@link #run} of {@code task} did and skipped, one line each (empty before it ran). */
  public List<String> notes(TaskName task) {
    return notes.getOrDefault(task, List.of());
  }

  /** Sets {@code ws} up; empty when everything worked, else why not. The worktree stays either way. */
  public Optional<String> run(Workspace ws) {
    Path log = layout.state().setupLogFile(ws.task());
    String logName = layout.state().relative(log);
    List<String> said = new ArrayList<>();
    notes.put(ws.task(), said);
    try {
      StateFiles.replace(layout.root(), log).close(); // a fresh log per set-up, never through a link
      Path tree = layout.checked(ws.task());
      List<String> copied = includes.copyInto(tree);
      append(log, "porch: copied " + copied.size() + " file(s) listed in .worktreeinclude" + (copied.isEmpty() ? "" : ": " + String.join(", ", copied)));
      for (Map.Entry<String, Share.Mode> e : share.entrySet()) {
        String line = sharer.apply(tree, e.getKey(), e.getValue());
        append(log, "porch: " + line);
        said.add(line);
      }
      for (List<String> argv : chooseCommands(ws, log, said)) {
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

  /** The one set of commands precedence picks; notes what else was there and why it did not run. */
  private List<List<String>> chooseCommands(Workspace ws, Path log, List<String> said) throws IOException {
    List<SetupSource> sources = SetupSources.find(ws.path(), layout.root(), WINDOWS);
    List<List<String>> chosen = new ArrayList<>();
    String winner = null;
    if (command != null) {
      chosen.add(command.shell() ? shell(command.arguments().get(0), WINDOWS) : command.arguments());
      winner = ".porch.json setup";
      said.add("setup: .porch.json setup");
    }
    for (SetupSource s : sources) {
      if (!s.counts()) {
        continue;
      }
      if (winner != null) {
        // a broken file porch would not run anyway fails nothing
        said.add("setup: not used " + s.shown() + " (" + winner + " comes first)");
        continue;
      }
      winner = s.shown();
      TrustState state = state(s);
      if (state == TrustState.TRUSTED && s.problem().isPresent()) {
        throw new WorkspaceException(s.problem().get());
      }
      if (state == TrustState.TRUSTED) {
        chosen.addAll(s.setup());
        said.add("setup: " + s.shown() + " (" + s.tool() + ", " + s.detail() + ", " + s.setup().size()
            + (s.setup().size() == 1 ? " command)" : " commands)"));
      } else {
        said.add("setup: skipped " + s.shown() + ": " + (state == TrustState.CHANGED ? "changed since you trusted it" : "not trusted")
            + "; read it, then run 'porch trust' to let porch run it");
      }
    }
    for (String line : said) {
      if (line.startsWith("setup:")) {
        append(log, "porch: " + line);
      }
    }
    return chosen;
  }

  /**
   * Runs the archive script of the setup file in use (Conductor's {@code [scripts] archive}) in the
   * worktree before it is removed, if that file is trusted; porch's own {@code setup} comes first
   * and has none. Appends to the task's setup log; a failure is logged and returned, never thrown.
   *
   * @return empty when nothing ran or it worked, else why not
   */
  public Optional<String> archive(Workspace ws) {
    if (command != null) {
      return Optional.empty();
    }
    try {
      Path log = StateFiles.prepare(layout.root(), layout.state().setupLogFile(ws.task()));
      for (SetupSource s : SetupSources.find(ws.path(), layout.root(), WINDOWS)) {
        if (!s.counts() && s.archive().isEmpty()) {
          continue;
        }
        if (s.archive().isEmpty()) {
          return Optional.empty(); // the file in use has none (or cannot be read: nothing to run)
        }
        if (state(s) != TrustState.TRUSTED) {
          append(log, "porch: archive: skipped " + s.shown() + ": not trusted");
          return Optional.empty();
        }
        append(log, "porch: archive: " + s.shown() + " (" + s.tool() + ")");
        for (List<String> argv : s.archive()) {
          Optional<String> failed = exec(argv, ws, log);
          if (failed.isPresent()) {
            return failed;
          }
        }
        return Optional.empty();
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of("archive script for " + ws.relativePath() + " failed: " + e.getMessage());
    }
  }

  /** Whether a file may run. */
  enum TrustState { TRUSTED, UNTRUSTED, CHANGED }

  private TrustState state(SetupSource s) {
    if (trust.isEmpty()) {
      return TrustState.UNTRUSTED;
    }
    if (trust.get().trusted(s.trustKey(), s.hash())) {
      return TrustState.TRUSTED;
    }
    return trust.get().changed(s.trustKey(), s.hash()) ? TrustState.CHANGED : TrustState.UNTRUSTED;
  }

  /**
   * The other tools' setup files in the main worktree, for {@code porch trust}: each file shown
   * relative to the repository, with its state and its commands.
   */
  public List<TrustEntry> trustEntries() throws IOException {
    List<TrustEntry> out = new ArrayList<>();
    for (SetupSource s : SetupSources.find(layout.root(), layout.root(), WINDOWS)) {
      if (s.problem().isPresent()) {
        throw new WorkspaceException(s.problem().get()); // read it before trusting it: say what is wrong
      }
      out.add(new TrustEntry(s.shown(), s.trustKey(), s.hash(), state(s).name().toLowerCase(Locale.ROOT),
          s.setup().stream().map(a -> String.join(" ", a)).toList()));
    }
    return out;
  }

  /**
   * One setup file as {@code porch trust} shows it.
   *
   * @param file relative to the repository
   * @param key the trust store's key
   * @param hash its content's SHA-256
   * @param state {@code trusted}, {@code untrusted} or {@code changed}
   * @param commands what it runs
   */
  public record TrustEntry(String file, String key, String hash, String state, List<String> commands) {}

  /** The user's own command line goes to the platform shell, explicitly. */
  static List<String> shell(String line, boolean windows) {
    return windows ? List.of("cmd", "/c", line) : List.of("sh", "-c", line);
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
    env.put("CONDUCTOR_ROOT_PATH", layout.root().toString()); // and what Conductor gives its scripts
    env.put("CONDUCTOR_WORKSPACE_PATH", ws.path().toString());
    env.put("CONDUCTOR_WORKSPACE_NAME", ws.task().value());
    env.put("CONDUCTOR_DEFAULT_BRANCH", ws.base());
    ws.port().ifPresent(p -> {
      env.put("PORCH_PORT", Integer.toString(p));
      env.put("CONDUCTOR_PORT", Integer.toString(p));
    });
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
    Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
  }
}
