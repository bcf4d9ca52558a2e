package dev.porch.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.agent.testing.FakeAgent;
import dev.porch.agent.testing.GitRepo;
import dev.porch.cli.Porch;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * porch is killed with SIGKILL ({@code Process.destroyForcibly}) at each stage of a {@code porch
 * compete} run in its own JVM: while worktrees are set up, while agents run, while the tests judge
 * them, and in the middle of a merge (with git left running, and with git killed too). Each stage
 * is held open by a gate (a file the test creates), so the kill lands exactly there, with no timing
 * guesswork. Afterwards {@code porch recover} must leave: no half-made worktree, every worktree with
 * a status file and every status file with a worktree or a final state, every commit the agents
 * made still on its branch, and the main branch either with the merge or exactly as before.
 */
class KillTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private GitRepo repo;
  private Path gates;
  private String mainBefore;
  private final List<ProcessHandle> spawned = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    repo = GitRepo.init(tmp.resolve("repo"));
    gates = Files.createDirectories(tmp.resolve("gates"));
    mainBefore = repo.git("rev-parse", "HEAD").strip();
  }

  @AfterEach
  void releaseEverything() throws IOException {
    for (String g : List.of("setup", "agents", "eval", "merge")) {
      go(g);
    }
    for (ProcessHandle p : spawned) {
      p.destroyForcibly();
    }
  }

  /** .porch.json: the fake agent commits, arrives at the agents gate and waits, then reports COMPLETE. */
  private void configure(boolean gateSetup) throws IOException {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("agent", "fake");
    config.put("agents", Map.of("fake", Map.of("command", FakeAgent.command(
        "--write", "work.txt", "agent work\n", "--commit", "agent work",
        "--arrive", gates.resolve("agents").toString(), "--await", gates.resolve("agents.go").toString(),
        "--status", "COMPLETE", "did the work"))));
    config.put("test", FakeAgent.command(
        "--arrive", gates.resolve("eval").toString(), "--await", gates.resolve("eval.go").toString()));
    if (gateSetup) {
      config.put("setup", FakeAgent.command(
          "--arrive", gates.resolve("setup").toString(), "--await", gates.resolve("setup.go").toString()));
    }
    Files.writeString(repo.root().resolve(".porch.json"), JSON.writeValueAsString(config));
  }

  @Test
  void killedWhileWorktreesAreSetUp_recoverRemovesTheUnstartedOnes() throws Exception {
    configure(true);
    Process porch = startCompete();
    awaitArrivals("setup", 1, porch);
    kill(porch, false);
    go("setup");
    awaitSpawnedExit();

    Map<String, String> tips = agentTips();
    JsonNode report = recover();
    assertThat(report.get("needs_attention").asBoolean()).as(report.toString()).isFalse();
    assertConsistent(tips);
    assertThat(worktrees()).as("nothing had started in them").isEmpty();
    assertThat(statusFiles()).isEmpty();
    assertThat(repo.git("rev-parse", "HEAD").strip()).isEqualTo(mainBefore);
    assertThat(recover().get("clean").asBoolean()).isTrue();
  }

  @Test
  void killedWhileAgentsRun_theyAreReattachedAndTheirWorkKept() throws Exception {
    configure(false);
    Process porch = startCompete();
    awaitArrivals("agents", 2, porch);
    Map<String, String> tips = agentTips();
    assertThat(tips).hasSize(2);
    kill(porch, false);

    JsonNode report = recover();
    assertThat(report.get("reattached")).as(report.toString()).hasSize(2);
    assertThat(report.get("needs_attention").asBoolean()).isFalse();
    go("agents"); // the agents finish by themselves and report COMPLETE, as the seed's agents do
    awaitSpawnedExit();

    assertConsistent(tips);
    for (Path status : statusFiles()) {
      assertThat(JSON.readTree(status.toFile()).get("status").asText()).as(Files.readString(status)).isEqualTo("COMPLETE");
    }
    assertThat(repo.git("rev-parse", "HEAD").strip()).isEqualTo(mainBefore);
    // the interrupted round can be finished by hand
    Run sync = porch("sync", "--merge");
    assertThat(sync.code).as(sync.toString()).isIn(0, 1);
    assertThat(repo.git("log", "--merges", "--format=%s", mainBefore + "..HEAD")).as(sync + "\n" + porch("status") + statusFiles()).contains("Merge comp-");
  }

  @Test
  void killedWhileTheTestsJudge_nothingIsHalfDone() throws Exception {
    configure(false);
    go("agents");
    Process porch = startCompete();
    awaitArrivals("eval", 1, porch);
    Map<String, String> tips = agentTips();
    kill(porch, false);
    go("eval");
    awaitSpawnedExit();

    JsonNode report = recover();
    assertThat(report.get("needs_attention").asBoolean()).as(report.toString()).isFalse();
    assertConsistent(tips);
    assertThat(repo.git("rev-parse", "HEAD").strip()).isEqualTo(mainBefore);
  }

  @Test
  void killedMidMerge_gitCarriesOn_mainHasTheMergeOrIsAsBefore() throws Exception {
    assumeTrue(!isWindows(), "the gate is a pre-merge-commit hook, a shell script");
    configure(false);
    go("agents");
    go("eval");
    mergeGate();
    Process porch = startCompete();
    awaitArrivals("merge", 1, porch);
    Map<String, String> tips = agentTips();
    kill(porch, false);
    go("merge");
    awaitSpawnedExit();

    JsonNode report = recover();
    assertThat(report.get("needs_attention").asBoolean()).as(report.toString()).isFalse();
    assertConsistent(tips);
    assertThat(repo.git("log", "-1", "--format=%P").strip().split(" ")).as("git finished the merge")
        .hasSize(2).contains(mainBefore);
  }

  @Test
  void killedMidMerge_gitKilledToo_recoverPutsMainBack() throws Exception {
    assumeTrue(!isWindows(), "the gate is a pre-merge-commit hook, a shell script");
    configure(false);
    go("agents");
    go("eval");
    mergeGate();
    Process porch = startCompete();
    awaitArrivals("merge", 1, porch);
    Map<String, String> tips = agentTips();
    kill(porch, true); // as a power cut would: porch, git and the hook all die
    awaitSpawnedExit();
    assertThat(repo.git("status", "--porcelain", "--untracked-files=no")).as("git died half-way").isNotBlank();

    JsonNode report = recover();
    assertThat(report.get("repaired").toString()).contains("half-written merge");
    assertThat(report.get("needs_attention").asBoolean()).as(report.toString()).isFalse();
    assertConsistent(tips);
    assertThat(repo.git("rev-parse", "HEAD").strip()).isEqualTo(mainBefore);
  }

  // ---- the run ----

  private Process startCompete() throws IOException {
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-cp", System.getProperty("java.class.path"),
        Porch.class.getName(), "compete", "comp", "--agents", "2", "--prompt", "write work.txt"));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.root().toFile())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("porch.out").toFile());
    Process p = pb.start();
    spawned.add(p.toHandle());
    return p;
  }

  /** Waits until {@code n} processes arrived at {@code gate}, failing early if porch ends instead. */
  private void awaitArrivals(String gate, int n, Process porch) throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    Path dir = gates.resolve(gate);
    while (count(dir) < n) {
      if (!porch.isAlive()) {
        throw new AssertionError("porch ended (exit " + porch.exitValue() + ") before " + n + " arrived at " + gate
            + ":\n" + Files.readString(tmp.resolve("porch.out")));
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("no " + n + " arrivals at " + gate + " within " + WAIT);
      }
      porch.waitFor(20, TimeUnit.MILLISECONDS);
    }
  }

  private static long count(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  /** SIGKILL to porch (and, with {@code tree}, to every process under it first). */
  private void kill(Process porch, boolean tree) throws InterruptedException {
    List<ProcessHandle> under = porch.toHandle().descendants().toList();
    spawned.addAll(under);
    if (tree) {
      under.forEach(ProcessHandle::destroyForcibly);
    }
    porch.destroyForcibly();
    assertThat(porch.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  /** Waits for every process the killed porch had started to end. */
  private void awaitSpawnedExit() throws Exception {
    for (ProcessHandle p : spawned) {
      p.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private void go(String gate) throws IOException {
    Files.writeString(gates.resolve(gate + ".go"), "");
  }

  private void mergeGate() throws IOException {
    Path hook = Path.of(repo.git("rev-parse", "--git-path", "hooks").strip());
    hook = hook.isAbsolute() ? hook : repo.root().resolve(hook);
    Files.createDirectories(hook);
    Path script = hook.resolve("pre-merge-commit");
    List<String> cmd = FakeAgent.command("--arrive", gates.resolve("merge").toString(),
        "--await", gates.resolve("merge.go").toString());
    StringBuilder line = new StringBuilder("#!/bin/sh\nPORCH_TASK=merge exec");
    for (String c : cmd) {
      line.append(" '").append(c.replace("'", "'\\''")).append('\'');
    }
    Files.writeString(script, line.append('\n').toString());
    assertThat(script.toFile().setExecutable(true)).isTrue();
  }

  // ---- the checks ----

  /** Every branch porch made, with its tip now. */
  private Map<String, String> agentTips() {
    Map<String, String> tips = new LinkedHashMap<>();
    for (String line : repo.git("for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads/feature/").lines().toList()) {
      String[] f = line.split(" ");
      if (!repo.git("rev-list", "--count", mainBefore + ".." + f[1]).strip().equals("0")) {
        tips.put(f[0], f[1]);
      }
    }
    return tips;
  }

  private void assertConsistent(Map<String, String> tipsBeforeRecovery) throws IOException {
    tipsBeforeRecovery.forEach((branch, tip) -> assertThat(
        GitRepo.gitIn(repo.root(), "branch", "--contains", tip, "--format=%(refname:short)"))
        .as("commit %s of %s is kept", tip, branch).contains(branch));
    List<String> worktrees = worktrees();
    List<String> statuses = new ArrayList<>();
    for (Path s : statusFiles()) {
      JsonNode n = JSON.readTree(s.toFile());
      String task = n.get("task").asText();
      statuses.add(task);
      if (!worktrees.contains(task)) {
        assertThat(n.get("status").asText()).as("status of %s without a worktree", task)
            .isIn("COMPLETE", "FAILED");
      }
    }
    assertThat(statuses).as("every worktree has a status file").containsAll(worktrees);
    for (String w : worktrees) {
      Path dir = repo.root().resolve(".worktrees").resolve(w);
      assertThat(GitRepo.gitIn(dir, "status", "--porcelain", "--untracked-files=no")).as("worktree %s is whole", w).isBlank();
    }
    assertThat(repo.git("status", "--porcelain", "--untracked-files=no")).as("main worktree").isBlank();
    assertThat(Files.exists(Path.of(repo.git("rev-parse", "--absolute-git-dir").strip(), "MERGE_HEAD"))).isFalse();
    String head = repo.git("rev-parse", "HEAD").strip();
    if (!head.equals(mainBefore)) {
      assertThat(repo.git("log", "-1", "--format=%P").strip().split(" ")).as("main has whole merges only")
          .hasSize(2).contains(mainBefore);
    }
  }

  private List<String> worktrees() {
    List<String> out = new ArrayList<>();
    for (String line : repo.git("worktree", "list", "--porcelain").lines().toList()) {
      if (line.startsWith("worktree ") && line.contains(File.separator + ".worktrees" + File.separator)
          || line.startsWith("worktree ") && line.contains("/.worktrees/")) {
        out.add(Path.of(line.substring("worktree ".length())).getFileName().toString());
      }
    }
    return out;
  }

  private List<Path> statusFiles() throws IOException {
    Path dir = repo.root().resolve(".agent-status");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    }
  }

  private JsonNode recover() throws IOException {
    Run r = porch("recover", "--json");
    assertThat(r.code).as(r.toString()).isIn(0, 1);
    return JSON.readTree(r.out);
  }

  private record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n" + out + "\n" + err;
    }
  }

  private Run porch(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Porch.run(args, new PrintWriter(out), new PrintWriter(err), new HashMap<>(), repo.root());
    return new Run(code, out.toString(), err.toString());
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java").toString();
  }

  private static boolean isWindows() {
    return System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("win");
  }

  static {
    // the status files are UTF-8; make sure a platform default never matters here
    assertThat(StandardCharsets.UTF_8.name()).isEqualTo("UTF-8");
  }
}
