package dev.porch.git.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's repository: about 5,000 text files and 50 MB on main, plus 8 branches that each
 * change 10 files of their own and rename one; the even ones also change one shared file, so 6 of
 * the 28 pairs conflict. Generated once under target/ and reused.
 */
final class BenchRepo {
  static final int FILES = 5000;
  static final int FILE_BYTES = 10_000;
  static final int BRANCHES = 8;

  private BenchRepo() {}

  static Path ensure(Path dir) throws Exception {
    if (Files.exists(dir.resolve(".bench-ready"))) {
      return dir;
    }
    if (Files.exists(dir)) {
      try (var s = Files.walk(dir)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
    git(dir, Map.of(), "init", "-q", "-b", "main");
    git(dir, Map.of(), "config", "user.name", "bench");
    git(dir, Map.of(), "config", "user.email", "bench@porch.dev");
    git(dir, Map.of(), "config", "commit.gpgsign", "false");
    Random random = new Random(42);
    for (int i = 0; i < FILES; i++) {
      Files.createDirectories(dir.resolve(folder(i)));
      Files.writeString(dir.resolve(file(i)), text(random, i), StandardCharsets.UTF_8);
    }
    Files.createDirectories(dir.resolve("shared"));
    Files.writeString(dir.resolve("shared/conflict.txt"), "base\n".repeat(20));
    Files.writeString(dir.resolve(".git/info/exclude"), ".worktrees/\n.agent-status/\n.bench-ready\n");
    git(dir, Map.of(), "add", "-A");
    git(dir, Map.of(), "commit", "-q", "-m", "bench: " + FILES + " files");
    for (int b = 0; b < BRANCHES; b++) {
      branch(dir, b, random);
    }
    Files.writeString(dir.resolve(".bench-ready"), "ok\n");
    return dir;
  }

  static String folder(int i) {
    return "src/m" + (i / 100);
  }

  static String file(int i) {
    return folder(i) + "/f" + i + ".txt";
  }

  private static String text(Random random, int i) {
    StringBuilder sb = new StringBuilder(FILE_BYTES + 100);
    int line = 0;
    while (sb.length() < FILE_BYTES) {
      sb.append("file ").append(i).append(" line ").append(line++).append(' ').append(Long.toHexString(random.nextLong())).append('\n');
    }
    return sb.toString();
  }

  /** Commits branch b's changes with a private index: no checkout needed. */
  private static void branch(Path dir, int b, Random random) throws Exception {
    Path index = Files.createTempFile("bench-index", "");
    Files.delete(index);
    Map<String, String> env = Map.of("GIT_INDEX_FILE", index.toString());
    git(dir, env, "read-tree", "main");
    List<String> args = new ArrayList<>(List.of("update-index", "--add"));
    for (int k = 0; k < 10; k++) {
      int i = 1000 + b * 10 + k;
      args.addAll(List.of("--cacheinfo", "100644," + blob(dir, text(random, i) + "changed on branch " + b + "\n") + "," + file(i)));
    }
    if (b % 2 == 0) {
      args.addAll(List.of("--cacheinfo", "100644," + blob(dir, ("branch " + b + "\n").repeat(20)) + ",shared/conflict.txt"));
    }
    int renamed = 3000 + b;
    String renamedBlob = git(dir, Map.of(), "rev-parse", "main:" + file(renamed)).strip();
    args.addAll(List.of("--force-remove", file(renamed), "--cacheinfo", "100644," + renamedBlob + ",renamed/b" + b + ".txt"));
    git(dir, env, args.toArray(String[]::new));
    String tree = git(dir, env, "write-tree").strip();
    String commit = git(dir, Map.of(), "commit-tree", tree, "-p", "main", "-m", "branch " + b).strip();
    git(dir, Map.of(), "update-ref", "refs/heads/bench/b" + b, commit);
    Files.deleteIfExists(index);
  }

  private static String blob(Path dir, String content) throws Exception {
    Path tmp = Files.createTempFile("bench-blob", ".txt");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    String id = git(dir, Map.of(), "hash-object", "-w", tmp.toString()).strip();
    Files.delete(tmp);
    return id;
  }

  static String git(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
    Result r = start(dir, env, args).await();
    if (r.exit != 0) {
      throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + r.err);
    }
    return r.out;
  }

  record Result(int exit, String out, String err) {}

  /** A started git process whose output goes to temporary files. */
  static final class Running {
    private final Process p;
    private final Path out;
    private final Path err;

    Running(Process p, Path out, Path err) {
      this.p = p;
      this.out = out;
      this.err = err;
    }

    Result await() throws IOException, InterruptedException {
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("git timed out");
      }
      Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
      Files.delete(out);
      Files.delete(err);
      return r;
    }
  }

  static Running start(Path dir, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("bench", ".out");
    Path err = Files.createTempFile("bench", ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(env);
    pb.environment().put("LC_ALL", "C");
    Process p = pb.start();
    p.getOutputStream().close();
    return new Running(p, out, err);
  }
}
