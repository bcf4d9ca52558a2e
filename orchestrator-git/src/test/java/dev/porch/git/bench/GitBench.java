package dev.porch.git.bench;

import dev.porch.core.TaskName;
import dev.porch.core.WorkspaceSpec;
import dev.porch.git.GitWorkspaces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * orchestrator-git against the seed's method and plain git, on a generated repository of 5,000
 * files and about 50 MB. Candidates are interleaved within each round (disk speed swings from
 * minute to minute here), and medians and ratios from the same run are printed.
 *
 * <p>Run: {@code mvn -B -ntp -q -pl orchestrator-git -am -Pbench verify -DskipTests}
 */
public final class GitBench {
  private static final int ROUNDS = 3;
  private static final int AGENTS = 8;

  private GitBench() {}

  public static void main(String[] args) throws Exception {
    Path base = Files.createTempDirectory("porch-git-bench");
    Path repo = base.resolve("repo");
    long t0 = System.nanoTime();
    generate(repo, 5000, 10_000);
    System.out.printf(Locale.ROOT, "generated 5,000 files / %.0f MB in %.1f s%n", size(repo) / 1e6, (System.nanoTime() - t0) / 1e9);

    List<Double> porch = new ArrayList<>();
    List<Double> seq = new ArrayList<>();
    List<Double> par = new ArrayList<>();
    int parFailures = 0;
    for (int r = 0; r < ROUNDS; r++) {
      String p = "r" + r;
      porch.add(time(() -> spawnPorch(repo, p + "porch")));
      clean(repo);
      seq.add(time(() -> spawnSequential(repo, p + "seq")));
      clean(repo);
      int[] failed = new int[1];
      par.add(time(() -> failed[0] = spawnParallel(repo, p + "par")));
      parFailures += failed[0];
      clean(repo);
    }
    System.out.println();
    System.out.println("1. spawn " + AGENTS + " worktrees (" + ROUNDS + " interleaved rounds, median seconds)");
    row("porch (GitWorkspaces.create)", median(porch), median(porch));
    row("seed: sequential git worktree add -b", median(seq), median(porch));
    row("parallel git worktree add (" + parFailures + " of " + AGENTS * ROUNDS + " failed)", median(par), median(porch));
    System.out.printf(Locale.ROOT, "   porch / parallel = %.2fx (goal <= 1.1x), sequential / porch = %.2fx (goal >= 2x)%n",
        median(porch) / median(par), median(seq) / median(porch));

    // branches with edits, for the conflict matrix and changed files
    GitWorkspaces git = GitWorkspaces.open(repo);
    List<String> branches = new ArrayList<>();
    var ws = spawn(git, "m");
    for (int i = 0; i < ws.size(); i++) {
      Path w = ws.get(i).path();
      Files.writeString(w.resolve("dir0/file" + i + ".txt"), "edited by " + i + "\n");
      Files.writeString(w.resolve("shared.txt"), i % 3 == 0 ? "conflict " + i + "\n" : "base\n");
      Files.writeString(w.resolve("new" + i + ".txt"), "new\n");
      gitIn(w, "add", "-A");
      gitIn(w, "-c", "user.name=b", "-c", "user.email=b@b", "commit", "-q", "-m", "edit " + i);
      branches.add(ws.get(i).branch());
    }
    List<Double> matrixPorch = new ArrayList<>();
    List<Double> matrixCli = new ArrayList<>();
    List<Double> filesPorch = new ArrayList<>();
    List<Double> filesCli = new ArrayList<>();
    for (int r = 0; r < ROUNDS + 2; r++) {
      matrixPorch.add(time(() -> git.predictConflicts(branches, "main").conflictingPairs().size()));
      matrixCli.add(time(() -> {
        for (int i = 0; i < branches.size(); i++) {
          for (int j = i + 1; j < branches.size(); j++) {
            run(repo, "git", "merge-tree", "--write-tree", "--name-only", "--no-messages", branches.get(i), branches.get(j));
          }
        }
        return 0;
      }));
      filesPorch.add(time(() -> branches.stream().mapToInt(b -> git.changedFiles(b, "main").size()).sum()));
      filesCli.add(time(() -> {
        for (String b : branches) {
          run(repo, "git", "diff", "--name-status", "-M", "main..." + b);
        }
        return 0;
      }));
    }
    System.out.println();
    System.out.println("2. conflict matrix of " + AGENTS + " branches (28 pairs), median seconds");
    row("porch (predictConflicts, parallel merge-tree)", median(matrixPorch), median(matrixPorch));
    row("28 x git merge-tree --write-tree", median(matrixCli), median(matrixPorch));
    System.out.println();
    System.out.println("3. changed files of " + AGENTS + " branches, median seconds");
    row("porch (changedFiles)", median(filesPorch), median(filesPorch));
    row("8 x git diff --name-status -M", median(filesCli), median(filesPorch));
  }

  private static List<dev.porch.core.Workspace> spawn(GitWorkspaces git, String prefix) {
    List<WorkspaceSpec> specs = new ArrayList<>();
    for (int i = 1; i <= AGENTS; i++) {
      specs.add(WorkspaceSpec.of(TaskName.of(prefix + "-" + i), "main"));
    }
    return git.create(specs);
  }

  private static int spawnPorch(Path repo, String prefix) {
    return spawn(GitWorkspaces.open(repo), prefix).size();
  }

  private static int spawnSequential(Path repo, String prefix) {
    for (int i = 1; i <= AGENTS; i++) {
      run(repo, "git", "worktree", "add", "-q", "-b", "feature/" + prefix + "-" + i, ".worktrees/" + prefix + "-" + i, "main");
    }
    return AGENTS;
  }

  private static int spawnParallel(Path repo, String prefix) {
    List<Process> ps = new ArrayList<>();
    try {
      for (int i = 1; i <= AGENTS; i++) {
        ps.add(new ProcessBuilder("git", "worktree", "add", "-q", "-b", "feature/" + prefix + "-" + i,
            ".worktrees/" + prefix + "-" + i, "main").directory(repo.toFile()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
      }
      int failed = 0;
      for (Process p : ps) {
        p.waitFor(10, TimeUnit.MINUTES);
        failed += p.exitValue() == 0 ? 0 : 1;
      }
      return failed;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void clean(Path repo) throws IOException {
    for (String line : run(repo, "git", "worktree", "list", "--porcelain").split("\n")) {
      if (line.startsWith("worktree ") && line.contains(".worktrees")) {
        run(repo, "git", "worktree", "remove", "--force", line.substring(9));
      }
    }
    run(repo, "git", "worktree", "prune");
    for (String b : run(repo, "git", "branch", "--format=%(refname:short)").split("\n")) {
      if (b.startsWith("feature/")) {
        run(repo, "git", "branch", "-D", b);
      }
    }
  }

  private static void generate(Path repo, int files, int bytesEach) throws IOException {
    Files.createDirectories(repo);
    run(repo, "git", "init", "-q", "-b", "main");
    Random rnd = new Random(42);
    byte[] buf = new byte[bytesEach];
    for (int i = 0; i < files; i++) {
      Path f = repo.resolve("dir" + (i % 50) + "/file" + i + ".txt");
      Files.createDirectories(f.getParent());
      for (int k = 0; k < buf.length; k++) {
        buf[k] = (byte) ('a' + rnd.nextInt(26));
        if (k % 80 == 79) {
          buf[k] = '\n';
        }
      }
      Files.write(f, buf);
    }
    Files.writeString(repo.resolve("shared.txt"), "base\n", StandardCharsets.UTF_8);
    run(repo, "git", "add", "-A");
    run(repo, "git", "-c", "user.name=b", "-c", "user.email=b@b", "commit", "-q", "-m", "generated");
  }

  private static long size(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.git/")).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static double time(Supplier<Integer> work) {
    long start = System.nanoTime();
    work.get();
    return (System.nanoTime() - start) / 1e9;
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }

  private static void row(String name, double seconds, double porchSeconds) {
    System.out.printf(Locale.ROOT, "   %-52s %8.3f s   %5.2fx porch%n", name, seconds, seconds / porchSeconds);
  }

  private static void gitIn(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    run(dir, cmd.toArray(String[]::new));
  }

  static String run(Path dir, String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.MINUTES);
      if (p.exitValue() > 1) {
        throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
      }
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
