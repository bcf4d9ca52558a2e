package dev.porch.git.bench;

import dev.porch.core.TaskName;
import dev.porch.core.port.WorkspaceSpec;
import dev.porch.git.GitWorkspaces;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * porch against the git CLI used the seed's way, on a generated repository of 5,000 files / 50 MB
 * (target/bench-repo): spawning 8 worktrees, the 28-pair conflict matrix of 8 branches, and the
 * changed files of 8 branches. Candidates are interleaved within each round (disk speed here
 * swings from minute to minute, DESIGN.md) and medians and ratios printed.
 *
 * <p>Run: {@code mvn -B -ntp -q -pl orchestrator-git -am -Pbench verify -DskipTests}. Rounds:
 * environment variable {@code BENCH_ROUNDS=N} (default 3 for spawning, 3x that for the cheap ones).
 */
public final class GitBench {
  private static final PrintStream OUT = System.out;
  private static final int N = BenchRepo.BRANCHES;

  private GitBench() {}

  public static void main(String[] args) throws Exception {
    String env = System.getenv("BENCH_ROUNDS");
    int rounds = env != null ? Integer.parseInt(env) : Integer.getInteger("bench.rounds", 3);
    ShareBench.run(Path.of("target/bench-share").toAbsolutePath(), rounds); // issue 18: .porch.json share
    if ("share".equals(System.getenv("BENCH_ONLY"))) {
      return;
    }
    Path dir = BenchRepo.ensure(Path.of(args.length > 0 ? args[0] : "target/bench-repo").toAbsolutePath());
    List<String> branches = new ArrayList<>();
    for (int b = 0; b < N; b++) {
      branches.add("bench/b" + b);
    }
    try (GitWorkspaces porch = GitWorkspaces.builder(dir).build();
        GitWorkspaces porch8 = GitWorkspaces.builder(dir).parallelism(N).build()) {
      OUT.printf("orchestrator-git benchmark: %d files, ~%d MB, git %s, %d cores%n",
          BenchRepo.FILES, BenchRepo.FILES * (long) BenchRepo.FILE_BYTES >> 20, porch.gitVersion(),
          Runtime.getRuntime().availableProcessors());
      cleanup(dir);
      porch.create(specs("warm", 2)); // JIT and JGit warm-up, not timed
      cleanup(dir);

      int[] parallelFailures = {0};
      Map<String, Callable<Object>> spawn = new LinkedHashMap<>();
      spawn.put("porch create", () -> porch.create(specs("p", N)));
      spawn.put("porch create, parallelism 8", () -> porch8.create(specs("p8", N)));
      spawn.put("seed: sequential git worktree add", () -> sequentialAdd(dir));
      spawn.put("parallel git worktree add", () -> parallelFailures[0] += parallelAdd(dir));
      report("spawn 8 worktrees", run(spawn, rounds, () -> cleanup(dir)));
      OUT.printf("  parallel git worktree add failed %d of %d times%n", parallelFailures[0], rounds * N);

      Map<String, Callable<Object>> matrix = new LinkedHashMap<>();
      matrix.put("porch predictConflicts", () -> porch.predictConflicts(branches, "main"));
      matrix.put("28 sequential git merge-tree", () -> sequentialMergeTree(dir, branches));
      report("conflict matrix, 8 branches (28 pairs)", run(matrix, rounds * 3, () -> { }));

      Map<String, Callable<Object>> changed = new LinkedHashMap<>();
      changed.put("porch changedFiles x8", () -> branches.stream().map(b -> porch.changedFiles(b, "main")).toList());
      changed.put("git diff --name-status -M x8", () -> diffs(dir, branches));
      report("changed files of 8 branches", run(changed, rounds * 3, () -> { }));
    }
  }

  private static List<WorkspaceSpec> specs(String prefix, int n) {
    List<WorkspaceSpec> specs = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      specs.add(WorkspaceSpec.of(TaskName.of(prefix + "-" + i), "main"));
    }
    return specs;
  }

  private static Object sequentialAdd(Path dir) throws Exception {
    for (int i = 1; i <= N; i++) {
      BenchRepo.git(dir, Map.of(), "worktree", "add", "-q", "-b", "feature/s-" + i, ".worktrees/s-" + i, "main");
    }
    return null;
  }

  /** Returns how many of the 8 concurrent adds failed. */
  private static int parallelAdd(Path dir) throws Exception {
    List<BenchRepo.Running> running = new ArrayList<>();
    for (int i = 1; i <= N; i++) {
      running.add(BenchRepo.start(dir, Map.of(), "worktree", "add", "-q", "-b", "feature/q-" + i, ".worktrees/q-" + i, "main"));
    }
    int failed = 0;
    for (BenchRepo.Running r : running) {
      failed += r.await().exit() == 0 ? 0 : 1;
    }
    return failed;
  }

  private static Object sequentialMergeTree(Path dir, List<String> branches) throws Exception {
    for (int i = 0; i < branches.size(); i++) {
      for (int j = i + 1; j < branches.size(); j++) {
        BenchRepo.start(dir, Map.of(), "merge-tree", "--write-tree", "--name-only", "--no-messages",
            branches.get(i), branches.get(j)).await();
      }
    }
    return null;
  }

  private static Object diffs(Path dir, List<String> branches) throws Exception {
    for (String b : branches) {
      BenchRepo.git(dir, Map.of(), "diff", "--name-status", "-M", "main..." + b);
    }
    return null;
  }

  /** Removes every worktree and spawn branch the candidates made (not timed). */
  private static void cleanup(Path dir) throws Exception {
    BenchRepo.git(dir, Map.of(), "worktree", "prune");
    for (String line : BenchRepo.git(dir, Map.of(), "worktree", "list", "--porcelain").split("\n")) {
      if (line.startsWith("worktree ") && line.contains("/.worktrees/")) {
        BenchRepo.start(dir, Map.of(), "worktree", "remove", "--force", "--force", line.substring(9)).await();
      }
    }
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
  }

  interface Step {
    void run() throws Exception;
  }

  /** Runs each candidate once per round, rotating who goes first; times in ms. */
  private static Map<String, double[]> run(Map<String, Callable<Object>> candidates, int rounds, Step between) throws Exception {
    List<String> names = new ArrayList<>(candidates.keySet());
    Map<String, double[]> times = new LinkedHashMap<>();
    names.forEach(n -> times.put(n, new double[rounds]));
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < names.size(); k++) {
        String name = names.get((k + r) % names.size());
        long t0 = System.nanoTime();
        candidates.get(name).call();
        times.get(name)[r] = (System.nanoTime() - t0) / 1e6;
        between.run();
      }
    }
    return times;
  }

  private static void report(String title, Map<String, double[]> times) {
    OUT.println(title + " (" + times.values().iterator().next().length + " rounds, ms)");
    String first = times.keySet().iterator().next();
    double porch = median(times.get(first));
    times.forEach((name, t) -> OUT.printf("  %-36s median %8.1f  %s  ratio to porch %.2f%n",
        name, median(t), Arrays.toString(Arrays.stream(t).map(x -> Math.round(x)).toArray()), median(t) / porch));
  }

  private static double median(double[] t) {
    double[] s = t.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
