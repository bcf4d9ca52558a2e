package dev.porch.git.internal;

import dev.porch.core.GitVersionException;
import dev.porch.core.WorkspaceException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the git CLI with an argument list (never a shell), stdin closed, output captured, a timeout,
 * prompts disabled and messages in English so they can be parsed. Thread-safe.
 */
public final class Git {
  /** Oldest git porch supports: {@code merge-tree --write-tree} arrived in 2.38. */
  public static final String REQUIRED = "2.38";

  /**
   * Threads that drain git's stdout and stderr. Not the common pool: on 2 cores it has one thread,
   * and a process whose stderr is not drained while its stdout is can block forever.
   */
  private static final java.util.concurrent.ExecutorService IO =
      java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "porch-git-io");
        t.setDaemon(true);
        return t;
      });

  private final String executable;
  private final Duration timeout;

  /** The result of one git command. */
  public record Result(int exit, String out, String err) {
    public boolean ok() {
      return exit == 0;
    }

    public List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    /** NUL-separated fields (for {@code -z} output). */
    public List<String> fields() {
      List<String> f = new ArrayList<>();
      for (String s : out.split("\0", -1)) {
        if (!s.isEmpty()) {
          f.add(s);
        }
      }
      return f;
    }
  }

  public Git(String executable, Duration timeout) {
    this.executable = executable;
    this.timeout = timeout;
  }

  /** Runs {@code git args...} in {@code dir}; returns whatever git said. */
  public Result run(Path dir, String... args) {
    return run(dir, Map.of(), List.of(args));
  }

  /** Runs git with extra environment variables. */
  public Result run(Path dir, Map<String, String> env, List<String> args) {
    List<String> cmd = new ArrayList<>(args.size() + 1);
    cmd.add(executable);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    pb.environment().put("LC_ALL", "C");
    pb.environment().put("LANGUAGE", "C");
    // Never download Git LFS objects: pointer files are checked out as they are.
    pb.environment().put("GIT_LFS_SKIP_SMUDGE", "1");
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new GitVersionException(null, REQUIRED);
    }
    try {
      p.getOutputStream().close();
      CompletableFuture<String> out = drain(p.getInputStream());
      CompletableFuture<String> err = drain(p.getErrorStream());
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new WorkspaceException("git " + String.join(" ", args) + " did not finish within " + timeout.toSeconds() + " s");
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new WorkspaceException("interrupted while running git " + String.join(" ", args), e);
    }
  }

  /** Runs git and fails with its message when it fails. */
  public Result check(Path dir, String... args) {
    Result r = run(dir, args);
    if (!r.ok()) {
      throw failure(r, args);
    }
    return r;
  }

  /** A WorkspaceException carrying git's own words. */
  public static WorkspaceException failure(Result r, String... args) {
    String msg = (r.err().isBlank() ? r.out() : r.err()).strip();
    msg = msg.replaceFirst("^(fatal|error): ", "");
    return new WorkspaceException("git " + args[0] + " failed: " + (msg.isEmpty() ? "exit code " + r.exit() : msg));
  }

  /** Fails unless git is installed and at least {@value #REQUIRED}; returns the version. */
  public String requireVersion(Path dir) {
    Result r = run(dir, "--version");
    Matcher m = Pattern.compile("(\\d+)\\.(\\d+)(\\.\\d+)?").matcher(r.out());
    if (!r.ok() || !m.find()) {
      throw new GitVersionException(null, REQUIRED);
    }
    String version = m.group(0);
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    if (major < 2 || (major == 2 && minor < 38)) {
      throw new GitVersionException(version, REQUIRED);
    }
    return version;
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toString(StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }, IO);
  }
}
