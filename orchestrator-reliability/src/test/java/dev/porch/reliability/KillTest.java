package dev.porch.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.agent.testing.FakeAgent;
import dev.porch.agent.testing.GitRepo;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
  private static final Duration WAIT = Runs.WAIT;
  private static final ObjectMapper JSON = Runs.JSON;

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

  private void configure(boolean gateSetup) throws IOException {
    Runs.configureGated(repo.root(), gates, gateSetup);
  }

  @Test
  void killedWhileWorktreesAreSetUp_recoverRemovesTheUnstartedOnes() throws Exception {
    configure(true);
    Map<String, String> tips = killAt("setup", 1, false);
    go("setup");
    awaitSpawnedExit();

    recoverCleanly(tips);
    assertThat(worktrees()).as("nothing had started in them").isEmpty();
    assertThat(statusFiles()).isEmpty();
    assertThat(repo.git("rev-parse", "HEAD").strip()).isEqualTo(mainBefore);
    assertThat(recover().get("clean").asBoolean()).isTrue();
  }

  @Test
  void killedWhileAgentsRun_theyAreReattachedAndTheirWorkKept() throws Exception {
    configure(false);
    Map<String, String> tips = killAt("agents", 2, false);
    assertThat(tips).hasSize(2);

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
    Runs.Run sync = porch("sync", "--merge");
    assertThat(sync.code()).as(sync.toString()).isIn(0, 1);
    assertThat(repo.git("log", "--merges", "--format=%s", mainBefore + "..HEAD")).as(sync + "\n" + porch("status") + statusFiles()).contains("Merge comp-");
  }

  @Test
  void killedWhileSandboxedAgentsRun_recoverDeliversTheirBranchesAndReports() throws Exception {
    assumeTrue(System.getProperty("os.name").toLowerCase().startsWith("linux"), "bwrap is the Linux sandbox");
    dev.porch.agent.Sandboxes.Availability sandbox = dev.porch.agent.Sandboxes.availability();
    assumeTrue(sandbox.available(), "no sandbox on this machine: " + sandbox.detail());
    // under bwrap the agents cannot write the gates folder: they report (to their outbox) and wait
    Files.writeString(repo.root().resolve(".porch.json"), JSON.writeValueAsString(Map.of("agent", "fake",
        "agents", Map.of("fake", Map.of("command", FakeAgent.command("--write", "work.txt", "agent work\n",
            "--commit", "agent work", "--status", "COMPLETE", "did the work",
            "--await", gates.resolve("agents.go").toString()))))));
    Process porch = Runs.start(repo.root(), tmp.resolve("porch.out"), "compete", "comp", "--agents", "2",
        "--prompt", "write work.txt", "--sandbox", "worktree");
    spawned.add(porch.toHandle());
    Path cells = repo.root().resolve(".agent-status/sandbox");
    long end = System.nanoTime() + WAIT.toNanos();
    while (outboxReports(cells) < 2) {
      assertThat(porch.isAlive()).as("porch ended early:\n%s", Files.readString(tmp.resolve("porch.out"))).isTrue();
      assertThat(System.nanoTime()).as("two reports in the outboxes within %s", WAIT).isLessThan(end);
      porch.waitFor(20, TimeUnit.MILLISECONDS);
    }
    kill(porch, false);
    assertThat(agentTips()).as("the commits are in the cells' private refs, not on the branches").isEmpty();

    JsonNode first = recover(); // the agents still run: porch recover follows them while it runs, then lets go
    assertThat(first.get("reattached")).as(first.toString()).hasSize(2);
    go("agents");
    awaitSpawnedExit();
    JsonNode second = recover(); // they ended while no porch ran: their cells are delivered

    assertThat(second.get("marked_failed")).as(second.toString()).isEmpty();
    assertThat(second.get("needs_attention").asBoolean()).as(second.toString()).isFalse();
    for (Path status : statusFiles()) {
      assertThat(JSON.readTree(status.toFile()).get("status").asText()).as(Files.readString(status)).isEqualTo("COMPLETE");
    }
    assertThat(statusFiles()).hasSize(2);
    assertThat(agentTips()).hasSize(2);
    for (String branch : agentTips().keySet()) {
      assertThat(repo.git("log", "-1", "--format=%s", branch).strip()).isEqualTo("agent work");
    }
    try (Stream<Path> left = Files.list(cells)) {
      assertThat(left.toList()).as("the cells are removed once delivered").isEmpty();
    }
    assertConsistent(agentTips());
  }

  private static long outboxReports(Path cells) throws IOException {
    if (!Files.isDirectory(cells)) {
      return 0;
    }
    try (Stream<Path> all = Files.list(cells)) {
      return all.filter(c -> Files.isDirectory(c.resolve("outbox/.agent-status"))).filter(c -> {
        try (Stream<Path> sent = Files.list(c.resolve("outbox/.agent-status"))) {
          return sent.anyMatch(f -> f.getFileName().toString().endsWith(".json"));
        } catch (IOException e) {
          return false;
        }
      }).count();
    }
  }

  @Test
  void killedWhileTheTestsJudge_nothingIsHalfDone() throws Exception {
    configure(false);
    go("agents");
    Map<String, String> tips = killAt("eval", 1, false);
    go("eval");
    awaitSpawnedExit();

    recoverCleanly(tips);
    assertThat(repo.git("rev-parse", "HEAD").strip()).isEqualTo(mainBefore);
  }

  @Test
  void killedMidMerge_gitCarriesOn_mainHasTheMergeOrIsAsBefore() throws Exception {
    assumeTrue(!isWindows(), "the gate is a pre-merge-commit hook, a shell script");
    configure(false);
    go("agents");
    go("eval");
    mergeGate();
    Map<String, String> tips = killAt("merge", 1, false);
    go("merge");
    awaitSpawnedExit();

    recoverCleanly(tips);
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
    Map<String, String> tips = killAt("merge", 1, true); // as a power cut would: porch, git and the hook all die
    awaitSpawnedExit();
    assertThat(repo.git("status", "--porcelain", "--untracked-files=no")).as("git died half-way").isNotBlank();

    JsonNode report = recoverCleanly(tips);
    assertThat(report.get("repaired").toString()).contains("half-written merge");
    assertThat(repo.git("rev-parse", "HEAD").strip()).isEqualTo(mainBefore);
  }

  // ---- the run ----

  /**
   * Starts the round, waits until {@code n} processes arrived at {@code gate}, and SIGKILLs porch
   * (with {@code tree}, everything under it first).
   *
   * @return the tips of the agents' branches at that moment
   */
  private Map<String, String> killAt(String gate, int n, boolean tree) throws Exception {
    Process porch = startCompete();
    awaitArrivals(gate, n, porch);
    Map<String, String> tips = agentTips();
    kill(porch, tree);
    return tips;
  }

  /** Runs {@code porch recover --json}: it must leave nothing for a person, and everything consistent. */
  private JsonNode recoverCleanly(Map<String, String> tips) throws IOException {
    JsonNode report = recover();
    assertThat(report.get("needs_attention").asBoolean()).as(report.toString()).isFalse();
    assertConsistent(tips);
    return report;
  }

  private Process startCompete() throws IOException {
    Process p = Runs.start(repo.root(), tmp.resolve("porch.out"), "compete", "comp", "--agents", "2", "--prompt", "write work.txt");
    spawned.add(p.toHandle());
    return p;
  }

  private void awaitArrivals(String gate, int n, Process porch) throws Exception {
    Runs.awaitArrivals(gates, gate, n, porch, tmp.resolve("porch.out"));
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
    Runs.go(gates, gate);
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
    Runs.Run r = porch("recover", "--json");
    assertThat(r.code()).as(r.toString()).isIn(0, 1);
    return JSON.readTree(r.out());
  }

  private Runs.Run porch(String... args) {
    return Runs.porch(repo.root(), Map.of(), args);
  }

  private static boolean isWindows() {
    return Runs.isWindows();
  }
}
