package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged porch.jar and its sh launcher, each run as a separate process, as a user runs them. */
class PorchJarIT {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static Run run(Path cwd, String... args) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(args).directory(cwd.toFile()).start();
    p.getOutputStream().close();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    String out = read(p.getInputStream());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out, err.join());
  }

  static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  static List<String> porch(String... args) {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
        Path.of("target/porch.jar").toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  @Test
  void jar_versionSpawnStatusAndAUsageError() throws Exception {
    GitRepo repo = GitRepo.create(tmp.resolve("repo"));
    Run version = run(repo.dir, porch("--version").toArray(String[]::new));
    assertThat(version.code()).isZero();
    assertThat(version.out()).startsWith("porch 0.");
    Run spawn = run(repo.dir, porch("spawn", "jar", "--agents", "2", "--json").toArray(String[]::new));
    assertThat(spawn.code()).as(spawn.err()).isZero();
    assertThat(spawn.out()).contains("\"schema\" : \"porch.spawn/v1\"");
    Run status = run(repo.dir.resolve(".worktrees/jar-1"), porch("status", "--json").toArray(String[]::new));
    assertThat(status.code()).isZero();
    assertThat(status.out()).contains("\"PENDING\" : 2");
    assertThat(status.err()).as("no logging noise").isEmpty();
    Run typo = run(repo.dir, porch("spwan").toArray(String[]::new));
    assertThat(typo.code()).isEqualTo(2);
    assertThat(typo.err()).contains("Did you mean").contains("spawn");
  }

  @Test
  void demo_runsFromARelativeJarPathAsTheReadmeSays() throws Exception {
    // README: java -jar orchestrator-cli/target/porch.jar demo; the class path is then relative,
    // and the demo's agents run inside their worktrees
    Path moduleDir = Path.of("").toAbsolutePath();
    Run demo = run(moduleDir, ProcessHandle.current().info().command().orElse("java"), "-jar", "target/porch.jar",
        "demo", "--dir", tmp.resolve("demo").toString());
    assertThat(demo.code()).as(demo.out() + demo.err()).isZero();
    assertThat(demo.out()).contains("slug-2 *").contains("pass 7/7").contains("fail 3/7").contains("Decision: MERGE")
        .contains("MERGED");
    // the only implementation that passes the tests is merged with --no-ff; the losers stay on their branches
    Path repo = tmp.resolve("demo");
    assertThat(demo.err()).contains("the repository is " + repo);
    String log = GitRepo.gitIn(repo, "log", "--first-parent", "--format=%s%x09%P", "main");
    assertThat(log.lines().findFirst().orElseThrow()).startsWith("Merge slug-2:").matches(".*\\t\\S+ \\S+$");
    assertThat(GitRepo.gitIn(repo, "status", "--porcelain")).isBlank();
    assertThat(GitRepo.gitIn(repo, "branch", "--list")).contains("feature/slug-1").contains("feature/slug-3");
    assertThat(Cli.run(repo, "status", "--json").out()).contains("\"COMPLETE\" : 3");
  }

  @Test
  void shLauncher_runsPorchAndKeepsStdoutClean() throws Exception {
    GitRepo repo = GitRepo.create(tmp.resolve("repo"));
    Path launcher = Path.of("target/porch").toAbsolutePath();
    Run first = run(repo.dir, "sh", launcher.toString(), "status", "--json");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).startsWith("{").contains("porch.status/v1");
    Run second = run(repo.dir, "sh", launcher.toString(), "status", "--json");
    assertThat(second.out()).isEqualTo(first.out().replaceAll("\"generated\" : \"[^\"]*\"", second.out().replaceAll("(?s).*(\"generated\" : \"[^\"]*\").*", "$1")));
  }

  /** {@code sync --interactive} on a real terminal (a pty from util-linux script(1)): asks per branch and obeys. */
  @Test
  void syncInteractive_asksOnARealTerminalAndRefusesWithoutOne() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script(1) for a pty");
    GitRepo repo = GitRepo.create(tmp.resolve("repo"));
    assertThat(Cli.run(repo.dir, "spawn", "tty", "--agents", "2").code()).isZero();
    for (int i = 1; i <= 2; i++) {
      Path w = repo.dir.resolve(".worktrees/tty-" + i);
      Files.writeString(w.resolve("f" + i + ".txt"), "work " + i + "\n");
      GitRepo.gitIn(w, "add", "-A");
      GitRepo.gitIn(w, "commit", "-q", "-m", "work " + i);
      assertThat(Cli.run(w, "complete", "--summary", "did " + i).code()).isZero();
    }
    Run noTty = run(repo.dir, porch("sync", "--merge", "--interactive").toArray(String[]::new));
    assertThat(noTty.code()).isEqualTo(2);
    assertThat(noTty.err()).contains("--interactive needs a terminal");

    StringBuilder line = new StringBuilder();
    for (String a : porch("sync", "--merge", "--interactive")) {
      line.append('\'').append(a.replace("'", "'\\''")).append("' ");
    }
    Process p = new ProcessBuilder("script", "-qec", line.toString(), "/dev/null").directory(repo.dir.toFile())
        .redirectErrorStream(true).start();
    p.getOutputStream().write("y\nn\n".getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().flush();
    String out = read(p.getInputStream());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(out).contains("=== tty-1 ===").contains("=== tty-2 ===").contains("Merge this branch? (y/n)");
    assertThat(repo.git("log", "--merges", "--format=%s")).isEqualTo("Merge tty-1: did 1\n");
  }

  /** {@code attach} on a real terminal (a pty from script(1)) resumes the recorded session and exits with the agent's code. */
  @Test
  void attach_onARealTerminalResumesTheSessionAndPassesTheExitCodeOn() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script(1) for a pty");
    GitRepo repo = GitRepo.create(tmp.resolve("repo"));
    Path args = tmp.resolve("args.json");
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    repo.write(".porch.json", json.writeValueAsString(java.util.Map.of("agent", "fake", "agents", java.util.Map.of("fake",
        java.util.Map.of("command", dev.porch.agent.testing.FakeAgent.command("--exit", "0"),
            "interactive_resume", dev.porch.agent.testing.FakeAgent.command("--args", args.toString(), "--write",
                "session.txt", "{session}", "--exit", "7"))))));
    assertThat(run(repo.dir, porch("spawn", "tty", "--agents", "1").toArray(String[]::new)).code()).isZero();
    Path status = repo.dir.resolve(".agent-status/tty-1.json");
    var s = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(status.toFile());
    s.put("session", "sess-tty");
    json.writeValue(status.toFile(), s);

    Run noTty = run(repo.dir, porch("attach", "tty-1").toArray(String[]::new));
    assertThat(noTty.code()).isEqualTo(2);
    assertThat(noTty.err()).contains("needs a terminal");

    StringBuilder line = new StringBuilder();
    for (String a : porch("attach", "tty-1")) {
      line.append('\'').append(a.replace("'", "'\\''")).append("' ");
    }
    Process p = new ProcessBuilder("script", "-qec", line.toString(), "/dev/null").directory(repo.dir.toFile())
        .redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = read(p.getInputStream());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isEqualTo(7);
    assertThat(out).contains("resuming session sess-tty");
    assertThat(json.readTree(args.toFile()).get("argv").toString()).contains("\"session.txt\",\"sess-tty\"");
    assertThat(repo.dir.resolve(".worktrees/tty-1/session.txt")).content().isEqualTo("sess-tty");
  }

  /** Review through the jar: diff, compare and pick as separate processes, checked with git. */
  @Test
  void jar_diffCompareAndPick() throws Exception {
    GitRepo repo = GitRepo.create(tmp.resolve("repo"));
    assertThat(run(repo.dir, porch("spawn", "rev", "--agents", "2").toArray(String[]::new)).code()).isZero();
    for (int i = 1; i <= 2; i++) {
      Path w = repo.dir.resolve(".worktrees/rev-" + i);
      Files.writeString(w.resolve("src/app.txt"), "line 1\nline 2 by " + i + "\nline 3\n");
      Files.writeString(w.resolve("own" + i + ".txt"), "mine\n");
      GitRepo.commitIn(w, "work " + i);
      assertThat(run(w, porch("complete", "--summary", "did " + i).toArray(String[]::new)).code()).isZero();
    }
    Run stat = run(repo.dir, porch("diff", "rev-1", "--stat").toArray(String[]::new));
    assertThat(stat.code()).as(stat.err()).isZero();
    assertThat(stat.out()).contains(" own1.txt    | 1 +", " src/app.txt | 2 +-", " 2 files changed, 2 insertions(+), 1 deletion(-)");
    Run patch = run(repo.dir, porch("diff", "rev-2", "--", "src").toArray(String[]::new));
    assertThat(patch.out()).isEqualTo(repo.git("diff", "main...feature/rev-2", "--", "src"));
    Run compare = run(repo.dir, porch("compare", "--json").toArray(String[]::new));
    assertThat(compare.out()).contains("\"schema\" : \"porch.compare/v1\"", "\"task\" : \"rev-1\"", "\"task\" : \"rev-2\"");
    Run dry = run(repo.dir, porch("pick", "rev-2", "--dry-run", "--json").toArray(String[]::new));
    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("\"dry_run\" : true", "\"ok\" : true");
    Run pick = run(repo.dir, porch("pick", "rev-2", "--keep").toArray(String[]::new));
    assertThat(pick.code()).as(pick.err()).isZero();
    assertThat(pick.out() + pick.err()).as("quiet on success").isEmpty();
    assertThat(repo.git("log", "-1", "--format=%s", "main")).isEqualTo("Merge rev-2: did 2\n");
    assertThat(repo.dir.resolve(".worktrees/rev-1")).as("--keep").exists();
    Run again = run(repo.dir, porch("pick", "rev-1").toArray(String[]::new));
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("predicted to conflict", "src/app.txt");
  }

  /** {@code diff} on a real terminal (a pty from script(1)): coloured and handed to git's pager. */
  @Test
  void diff_onARealTerminalIsColouredAndPaged() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script(1) for a pty");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tee")), "needs tee(1) as a pager");
    GitRepo repo = GitRepo.create(tmp.resolve("repo"));
    assertThat(Cli.run(repo.dir, "spawn", "tty", "--agents", "1").code()).isZero();
    Path w = repo.dir.resolve(".worktrees/tty-1");
    Files.writeString(w.resolve("new.txt"), "fresh\n");
    GitRepo.commitIn(w, "work");
    Path paged = tmp.resolve("paged.txt");
    StringBuilder line = new StringBuilder();
    for (String a : porch("diff", "tty-1")) {
      line.append('\'').append(a.replace("'", "'\\''")).append("' ");
    }
    ProcessBuilder pb = new ProcessBuilder("script", "-qec", line.toString(), "/dev/null").directory(repo.dir.toFile())
        .redirectErrorStream(true);
    pb.environment().put("GIT_PAGER", "/usr/bin/tee " + paged);
    pb.environment().remove("NO_COLOR");
    pb.environment().put("TERM", "xterm");
    Process p = pb.start();
    p.getOutputStream().close();
    String out = read(p.getInputStream());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(paged).content().contains("\u001b[32m+fresh\u001b[m").contains("\u001b[1mdiff --git a/new.txt b/new.txt");

    // as git does: a person who turned diff colours off in git's config gets git's plain text
    repo.git("config", "color.diff", "false");
    Process plain = pb.start();
    plain.getOutputStream().close();
    String plainOut = read(plain.getInputStream());
    assertThat(plain.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(plain.exitValue()).as(plainOut).isZero();
    assertThat(paged).content().doesNotContain("\u001b").isEqualTo(repo.git("diff", "main...feature/tty-1"));
  }
}
