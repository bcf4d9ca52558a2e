package dev.porch.realcli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real claude directly (not through porch) for the direct tests: a clean environment
 * like porch's, optionally as an ordinary user through setpriv, bounded by a time limit; plus the
 * tiny git project those tests work on.
 */
final class ClaudeRun {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one run printed and returned, and how long it took. */
  record Result(int code, String out, String err, Duration elapsed) {
    /** Standard output's lines that are JSON objects, parsed. */
    List<JsonNode> lines() {
      List<JsonNode> nodes = new ArrayList<>();
      for (String line : out.split("\n")) {
        if (line.startsWith("{")) {
          try {
            nodes.add(JSON.readTree(line));
          } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + line, e);
          }
        }
      }
      return nodes;
    }

    /** Keeps standard output as {@code target/streams/claude/NAME.jsonl} (to refresh fixtures from). */
    void save(String name) throws IOException {
      Path dir = Path.of("target", "streams", "claude");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + ".jsonl"), out);
    }

    @Override
    public String toString() {
      return "exit " + code + " after " + elapsed.toMillis() + " ms\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private ClaudeRun() {}

  /**
   * Runs the real claude in {@code cwd} with porch's base environment, {@link ClaudeCli}'s
   * variables and {@code extra} ({@code PATH_PREFIX} is put before PATH).
   */
  static Result claude(ScriptedModelServer server, Path cwd, Path home, String user, Map<String, String> extra,
      Duration limit, List<String> args) throws IOException, InterruptedException {
    Files.createDirectories(home);
    Map<String, String> env = new java.util.LinkedHashMap<>(PorchProcess.baseEnvironment(home));
    env.putAll(new ClaudeCli().environment(server, home));
    extra.forEach((k, v) -> {
      if (k.equals("PATH_PREFIX")) {
        env.put("PATH", v + ":" + env.get("PATH"));
      } else {
        env.put(k, v);
      }
    });
    chown(home, user);
    List<String> cmd = new ArrayList<>();
    if (user != null) {
      // the user's own primary group: nobody's is nogroup
      String group = run(home, Map.of("PATH", "/usr/bin:/bin"), Duration.ofSeconds(10), List.of("id", "-gn", user))
          .out().strip();
      cmd.addAll(List.of("setpriv", "--reuid=" + user, "--regid=" + group, "--init-groups"));
    }
    cmd.add(RealClis.bin("claude").toString());
    cmd.addAll(args);
    return run(cwd, env, limit, cmd);
  }

  static Result run(Path cwd, Map<String, String> env, Duration limit, List<String> cmd)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("cli-out", ".txt");
    Path err = Files.createTempFile("cli-err", ".txt");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
      pb.environment().clear();
      pb.environment().putAll(env);
      pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(Path.of("/dev/null").toFile());
      long start = System.nanoTime();
      Process p = pb.start();
      boolean ended = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      if (!ended) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
      Result r = new Result(ended ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8), took);
      if (!ended) {
        throw new AssertionError(cmd.get(0) + " did not end in " + limit + "\n" + r);
      }
      return r;
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** A git repository with a buggy {@code calc.sh} (it subtracts) and {@code check.sh} testing it. */
  static Path calcRepo(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    git(dir, "init", "-q", "-b", "main");
    git(dir, "config", "user.email", "agent@example.com");
    git(dir, "config", "user.name", "agent");
    Files.writeString(dir.resolve("calc.sh"), "#!/bin/sh\necho $(($1 - $2))\n");
    Files.writeString(dir.resolve("check.sh"),
        "#!/bin/sh\n[ \"$(./calc.sh 2 3)\" = 5 ] && echo ok || { echo FAIL; exit 1; }\n");
    for (String f : List.of("calc.sh", "check.sh")) {
      Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "init");
    return dir;
  }

  /** A stand-in {@code porch} that records its working folder and arguments in {@code porch-called.txt} beside it. */
  static Path fakePorch(Path bin) throws IOException {
    Files.createDirectories(bin);
    Path porch = bin.resolve("porch");
    Files.writeString(porch, "#!/bin/sh\necho \"$PWD $*\" > \"$(dirname \"$0\")/porch-called.txt\"\necho porch-ok\n");
    Files.setPosixFilePermissions(porch, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  /** Creates {@code dir}; for another user, lets that user through its parent (the test's temp folder). */
  static Path ownedDir(Path dir, String user) throws IOException {
    Files.createDirectories(dir);
    if (user != null) {
      Files.setPosixFilePermissions(dir.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return dir;
  }

  /** Gives {@code dir} (recursively) to {@code user}; nothing when user is null. */
  static void chown(Path dir, String user) throws IOException, InterruptedException {
    if (user != null) {
      Result r = run(dir, Map.of("PATH", "/usr/bin:/bin"), Duration.ofSeconds(30),
          List.of("chown", "-R", user + ":", dir.toString()));
      if (r.code() != 0) {
        throw new IOException("chown failed: " + r);
      }
    }
  }

  /** Runs git (as the test's user, any owner accepted) and returns its trimmed stdout; fails on non-zero exit. */
  static String git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "safe.directory=*"));
    cmd.addAll(List.of(args));
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    Result r = run(dir, env, Duration.ofSeconds(30), cmd);
    if (r.code() != 0) {
      throw new IOException("git " + String.join(" ", args) + " failed: " + r);
    }
    return r.out().strip();
  }
}
