package dev.porch.git.bench;

import dev.porch.core.TaskName;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceSpec;
import dev.porch.git.GitWorkspaces;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code .porch.json}'s {@code share}: 8 new worktrees of a repository whose main worktree holds a
 * 20,000-file {@code node_modules}-like folder (2,000 packages of 10 files, ~24 MB, git-ignored),
 * each given the folder by {@code GitWorkspaces.setUp} as a plain copy, with {@code auto} (a
 * copy-on-write clone where the file system can, else a copy) and as a symlink. Worktrees are made
 * before and removed after each timed step (not timed); candidates interleave within each round,
 * rotating who goes first; medians and the ratio plain copy / best mode are printed.
 *
 * <p>Run alone: {@code BENCH_ONLY=share mvn -B -ntp -q -pl orchestrator-git -am -Pbench verify
 * -DskipTests}; {@code GitBench} runs it first otherwise. Rounds: {@code BENCH_ROUNDS} (default 3).
 */
public final class ShareBench {
  private static final PrintStream OUT = System.out;
  static final int PACKAGES = 2_000;
  static final int FILES_PER_PACKAGE = 10;
  static final int WORKTREES = 8;

  private ShareBench() {}

  public static void main(String[] args) throws Exception {
    String env = System.getenv("BENCH_ROUNDS");
    run(Path.of(args.length > 0 ? args[0] : "target/bench-share").toAbsolutePath(), env != null ? Integer.parseInt(env) : 3);
  }

  static void run(Path dir, int rounds) throws Exception {
    ensure(dir);
    OUT.printf("share benchmark: %d worktrees, node_modules of %,d files, %d rounds, %s, %d cores%n", WORKTREES,
        PACKAGES * FILES_PER_PACKAGE, rounds, System.getProperty("os.name") + " " + System.getProperty("os.version"),
        Runtime.getRuntime().availableProcessors());
    Map<String, String> modes = new LinkedHashMap<>();
    modes.put("plain copy (share: copy)", "copy");
    modes.put("share: auto (clone, else copy)", "auto");
    modes.put("share: symlink", "symlink");
    Map<String, double[]> times = new LinkedHashMap<>();
    Map<String, String> notes = new LinkedHashMap<>();
    modes.keySet().forEach(k -> times.put(k, new double[rounds]));
    List<String> names = new ArrayList<>(modes.keySet());
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < names.size(); k++) {
        String name = names.get((k + r) % names.size());
        try (GitWorkspaces git = GitWorkspaces.builder(dir).share("node_modules", modes.get(name))
            .trustStore(dir.resolveSibling("bench-share-trusted.json")).build()) {
          List<WorkspaceSpec> specs = new ArrayList<>();
          for (int i = 1; i <= WORKTREES; i++) {
            specs.add(WorkspaceSpec.of(TaskName.of(modes.get(name) + "-" + i), "main"));
          }
          List<Workspace> made = git.create(specs);
          long t0 = System.nanoTime();
          for (Workspace w : made) {
            String failed = git.setUp(w).orElse(null);
            if (failed != null) {
              throw new IllegalStateException(failed);
            }
          }
          times.get(name)[r] = (System.nanoTime() - t0) / 1e6;
          notes.put(name, git.setupNotes(made.get(0).task()).get(0));
          OUT.printf("  round %d: %-32s %9.1f ms (load average %s)%n", r + 1, name, times.get(name)[r], loadAverage());
          OUT.flush();
          for (Workspace w : made) {
            git.remove(w.task(), true);
            git.deleteBranch(w.branch(), "main", true);
          }
        }
      }
    }
    OUT.printf("share benchmark summary: %d worktrees, node_modules of %,d files, %d rounds, ms (setUp of all %d)%n",
        WORKTREES, PACKAGES * FILES_PER_PACKAGE, rounds, WORKTREES);
    double copy = median(times.get(names.get(0)));
    String best = names.get(0);
    for (String n : names) {
      if (median(times.get(n)) < median(times.get(best))) {
        best = n;
      }
      OUT.printf("  %-32s median %9.1f  %s  plain copy / this %.1f%n", n, median(times.get(n)),
          Arrays.toString(Arrays.stream(times.get(n)).map(Math::round).toArray()), copy / median(times.get(n)));
      OUT.printf("    porch said: %s%n", notes.get(n));
    }
    OUT.printf("  best mode here: %s; plain copy / best = %.1f%n", best, copy / median(times.get(best)));
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** The repository, made once: a few tracked files and an ignored node_modules; worktrees of a killed run removed. */
  private static void ensure(Path dir) throws Exception {
    if (Files.exists(dir.resolve("node_modules/.complete"))) {
      Path wt = dir.resolve(".worktrees");
      if (Files.exists(wt)) {
        try (var s = Files.walk(wt)) {
          for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
      BenchRepo.git(dir, Map.of(), "worktree", "prune");
      for (String b : BenchRepo.git(dir, Map.of(), "for-each-ref", "--format=%(refname:short)", "refs/heads/feature/").split("\n")) {
        if (!b.isBlank()) {
          BenchRepo.git(dir, Map.of(), "branch", "-D", b.strip());
        }
      }
      return;
    }
    if (Files.exists(dir)) {
      try (var s = Files.walk(dir)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
    BenchRepo.git(dir, Map.of(), "init", "-q", "-b", "main");
    BenchRepo.git(dir, Map.of(), "config", "user.name", "bench");
    BenchRepo.git(dir, Map.of(), "config", "user.email", "bench@porch.dev");
    Files.writeString(dir.resolve(".gitignore"), "node_modules/\n");
    Files.writeString(dir.resolve("package.json"), "{\"name\": \"bench\", \"private\": true}\n");
    BenchRepo.git(dir, Map.of(), "add", "-A");
    BenchRepo.git(dir, Map.of(), "commit", "-q", "-m", "init");
    java.util.Random random = new java.util.Random(18);
    for (int p = 0; p < PACKAGES; p++) {
      Path pkg = Files.createDirectories(dir.resolve("node_modules").resolve("pkg-" + p).resolve(p % 3 == 0 ? "lib" : "dist"));
      for (int f = 0; f < FILES_PER_PACKAGE; f++) {
        byte[] body = new byte[200 + random.nextInt(2200)]; // ~1.2 kB on average, like small JS modules
        for (int i = 0; i < body.length; i++) {
          body[i] = (byte) ('a' + random.nextInt(26));
        }
        Files.write(pkg.resolve(f == 0 ? "package.json" : "m" + f + ".js"), body);
      }
    }
    Files.writeString(dir.resolve("node_modules/.complete"), "", StandardCharsets.UTF_8);
  }

  private static double median(double[] t) {
    double[] s = t.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
