package dev.porch.git.internal;

import dev.porch.core.error.GitVersionException;
import dev.porch.core.error.WorkspaceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the git command line: an argument list (never a shell), stdin closed, stdout and stderr
 * captured, a timeout, no prompts ({@code GIT_TERMINAL_PROMPT=0}) and C locale messages.
 *
 * <p>Output goes to temporary files rather than pipes, so no pump threads are needed and the timeout
 * holds even when git writes nothing. Stateless and thread-safe.
 */
public final class GitCli {
  /** The oldest git porch works with: {@code merge-tree --write-tree} arrived in 2.38. */
  public static final String REQUIRED = "2.38";

  /**
   * Config overrides for commands that check files out: Git LFS may be configured but not installed,
   * and pointer files must then stay pointer files rather than fail the checkout.
   */
  public static final List<String> NO_LFS =
      List.of("-c", "filter.lfs.smudge=", "-c", "filter.lfs.process=", "-c", "filter.lfs.required=false");

  private static final Pattern VERSION = Pattern.compile("git version (\\d+)\\.(\\d+)(?:\\.(\\d+))?");

  private final String executable;
  private final Duration timeout;

  public GitCli(String executable, Duration timeout) {
    this.executable = executable;
    this.timeout = timeout;
  }

  /** What a finished git command said. */
  public record Result(List<String> command, int exit, String out, String err) {
    public boolean ok() {
      return exit == 0;
    }

    /** stderr, or stdout when stderr is empty, trimmed: the part to show a user. */
    public String why() {
      String e = err.strip();
      return e.isEmpty() ? out.strip() : e;
    }
  }

  public Duration timeout() {
    return timeout;
  }

  /**
   * Runs {@code git args...} in {@code dir} and returns whatever it exits with.
   *
   * @throws GitVersionException if git cannot be started
   * @throws GitTimeoutException if it runs past the timeout (it and its children are stopped)
   * @throws WorkspaceException if I/O fails
   */
  public Result run(Path dir, List<String> args) {
    return run(dir, args, timeout);
  }

  /** As {@link #run(Path, List)} with its own timeout. */
  public Result run(Path dir, List<String> args, Duration limit) {
    List<String> command = new ArrayList<>(args.size() + 1);
    command.add(executable);
    command.addAll(args);
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("porch-git", ".out");
      err = Files.createTempFile("porch-git", ".err");
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Map<String, String> env = pb.environment();
      env.put("GIT_TERMINAL_PROMPT", "0");
      env.put("LC_ALL", "C");
      env.put("GIT_OPTIONAL_LOCKS", "0"); // read-only commands (status) must not take index.lock
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        if (!Files.isDirectory(dir)) {
          throw new WorkspaceException("folder " + dir + " does not exist", e);
        }
        throw new GitVersionException(null, REQUIRED);
      }
      p.getOutputStream().close();
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        throw new GitTimeoutException(
            "git timed out after " + limit.toSeconds() + " s: " + display(command) + " (in " + dir + ")",
            List.of("check that no other git process holds the repository",
                "a hook of the repository may be waiting (see .git/hooks or `git config core.hooksPath`)",
                "raise the limit if the work is slow but sound: \"git_timeout\" in .porch.json,"
                    + " or GitWorkspaces.Builder.commandTimeout"));
      }
      return new Result(
          command,
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new WorkspaceException("could not run " + display(command) + " in " + dir + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WorkspaceException("interrupted while running " + display(command), e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /**
   * Runs git and returns stdout, or throws with git's own message when it fails.
   *
   * @throws WorkspaceException if git exits non-zero
   */
  public String ok(Path dir, List<String> args) {
    Result r = run(dir, args);
    if (!r.ok()) {
      throw failure(r, dir);
    }
    return r.out();
  }

  /** The exception for a failed command, with git's message. */
  public static WorkspaceException failure(Result r, Path dir) {
    return new WorkspaceException(
        display(r.command()) + " failed in " + dir + " (exit " + r.exit() + "): " + r.why());
  }

  /**
   * The installed git's version, checked against {@link #REQUIRED}.
   *
   * @throws GitVersionException if git is missing or too old
   */
  public String checkVersion(Path dir) {
    Result r = run(dir, List.of("--version"));
    return requireVersion(r.ok() ? r.out() : "");
  }

  /**
   * The version in {@code git --version}'s output, e.g. {@code 2.39.5} from {@code git version
   * 2.39.5.windows.1}.
   *
   * @throws GitVersionException if there is none or it is older than {@link #REQUIRED}
   */
  public static String requireVersion(String versionOutput) {
    Matcher m = VERSION.matcher(versionOutput);
    if (!m.find()) {
      throw new GitVersionException(null, REQUIRED);
    }
    String found = m.group(1) + "." + m.group(2) + (m.group(3) == null ? "" : "." + m.group(3));
    if (!atLeast(found, REQUIRED)) {
      throw new GitVersionException(found, REQUIRED);
    }
    return found;
  }

  /** Whether dotted version {@code found} is at least {@code required}. */
  public static boolean atLeast(String found, String required) {
    String[] f = found.split("\\.");
    String[] q = required.split("\\.");
    for (int i = 0; i < Math.max(f.length, q.length); i++) {
      int a = i < f.length ? Integer.parseInt(f[i]) : 0;
      int b = i < q.length ? Integer.parseInt(q[i]) : 0;
      if (a != b) {
        return a > b;
      }
    }
    return true;
  }

  /** Splits NUL-separated output, dropping a trailing empty field. */
  public static List<String> splitNul(String out) {
    List<String> parts = new ArrayList<>(List.of(out.split("\0", -1)));
    while (!parts.isEmpty() && parts.get(parts.size() - 1).isEmpty()) {
      parts.remove(parts.size() - 1);
    }
    return parts;
  }

  static String display(List<String> command) {
    return String.join(" ", command);
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }
}
