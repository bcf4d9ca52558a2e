package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.agent.testing.FakeAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** launch, recover, status --watch and the pattern commands, with the fake agent as a real process. */
class RunCommandsTest {
  @TempDir Path tmp;
  GitRepo repo;
  final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void setUp() throws Exception {
    repo = GitRepo.create(tmp.resolve("repo"));
    List<String> agent = FakeAgent.command("--print", "working", "--write", "work.txt", "done", "--commit", "agent work");
    String profile = json.writeValueAsString(java.util.Map.of("agents", java.util.Map.of("fake", java.util.Map.of("command", agent)),
        "agent", "fake"));
    repo.write(".porch.json", profile);
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "porch config");
  }

  @Test
  void launchWait_runsAgentsInExistingWorktreesAndMarksThemComplete() throws Exception {
    assertThat(Cli.run(repo.dir, "spawn", "auth", "--agents", "2").code()).isZero();
    Cli.Result r = Cli.run(repo.dir, "launch", "auth-1", "auth-2", "--prompt", "do it", "--wait", "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode doc = json.readTree(r.out());
    assertThat(doc.get("schema").asText()).isEqualTo("porch.run/v1");
    assertThat(doc.get("decision").get("verdict").asText()).isEqualTo("REVIEW");
    for (int i = 1; i <= 2; i++) {
      JsonNode status = json.readTree(repo.dir.resolve(".agent-status/auth-" + i + ".json").toFile());
      assertThat(status.get("status").asText()).isEqualTo("COMPLETE");
      assertThat(status.get("files_changed").toString()).contains("work.txt");
    }
    assertThat(repo.dir.resolve(".agent-status/logs/auth-1.log")).content().contains("working");
    assertThat(repo.dir.resolve(".agent-status/prompts/auth-1.md")).content().contains("do it").contains("porch complete");
    assertThat(repo.git("log", "-1", "--format=%s", "main")).isEqualTo("porch config\n");
  }

  @Test
  void launchWait_withoutJson_namesTheCommandsThatChooseAfterAReview() {
    assertThat(Cli.run(repo.dir, "spawn", "auth", "--agents", "2").code()).isZero();
    Cli.Result r = Cli.run(repo.dir, "launch", "auth-1", "auth-2", "--prompt", "do it", "--wait");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Decision: REVIEW").contains("porch compare").contains("porch pick <task>")
        .contains("porch sync --merge");
  }

  @Test
  void launch_unknownTaskIsAUsageError() {
    Cli.Result r = Cli.run(repo.dir, "launch", "nope-1", "--prompt", "x", "--wait");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("task nope-1 has no worktree");
  }

  @Test
  void compete_mergesAWinnerAndReportsJson() throws Exception {
    Cli.Result r = Cli.run(repo.dir, "compete", "feat", "--agents", "2", "--prompt", "implement it", "--test", "test -f work.txt", "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode doc = json.readTree(r.out());
    assertThat(doc.get("decision").get("verdict").asText()).isEqualTo("MERGE");
    assertThat(doc.get("merges").get(0).get("status").asText()).isEqualTo("MERGED");
    assertThat(repo.dir.resolve("work.txt")).exists();
    assertThat(repo.git("log", "-1", "--format=%s")).startsWith("Merge feat-");
  }

  @Test
  void cleanupAfterACompetitiveRound_reachesTheLosersBranchWhoseWorktreeTheRoundRemoved() throws Exception {
    // each agent's work differs (its own worktree and task in the file), so the loser's commit is not the winner's
    List<String> agent = FakeAgent.command("--record", "work.txt", "--commit", "agent work");
    repo.write(".porch.json", json.writeValueAsString(java.util.Map.of("agents",
        java.util.Map.of("fake", java.util.Map.of("command", agent)), "agent", "fake")));
    repo.git("commit", "-q", "-am", "agents that differ");
    assertThat(Cli.run(repo.dir, "compete", "cup", "--agents", "2", "--prompt", "x", "--test", "test -f work.txt")
        .code()).isZero();
    String winner = repo.git("log", "-1", "--format=%s").startsWith("Merge cup-1") ? "cup-1" : "cup-2";
    String loser = winner.equals("cup-1") ? "cup-2" : "cup-1";
    assertThat(repo.dir.resolve(".worktrees/" + loser)).as("the round removed the loser's worktree").doesNotExist();
    assertThat(repo.git("branch", "--list", "feature/" + loser)).as("and kept its unmerged branch").isNotBlank();

    Cli.Result plain = Cli.run(repo.dir, "cleanup", "cup", "--delete-branches");
    assertThat(plain.code()).as(plain.toString()).isEqualTo(1);
    assertThat(plain.err()).contains("kept " + loser).contains("feature/" + loser).contains("not merged");
    assertThat(repo.git("branch", "--list", "feature/" + winner)).as("the merged winner's branch goes").isBlank();
    assertThat(repo.git("branch", "--list", "feature/" + loser)).as("unmerged: kept without force").isNotBlank();

    Cli.Result forced = Cli.run(repo.dir, "cleanup", "cup", "--delete-branches", "--force");
    assertThat(forced.code()).as(forced.toString()).isZero();
    assertThat(repo.git("branch", "--list", "feature/" + loser)).isBlank();
    assertThat(repo.git("branch", "--list", "main")).as("nothing else touched").isNotBlank();
  }

  @Test
  void badDurationsAreUsageErrorsThatSayWhatToWrite() throws Exception {
    for (String[] args : List.of(
        new String[] {"compete", "feat", "--agents", "2", "--prompt", "x", "--timeout", "soon"},
        new String[] {"status", "--watch", "--timeout", "99999999999999999999999h"})) {
      Cli.Result r = Cli.run(repo.dir, args);
      assertThat(r.code()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).startsWith("porch: error: --timeout: '").contains("hint: write ");
    }
    assertThat(repo.dir.resolve(".worktrees")).as("nothing made before the options were checked").doesNotExist();

    repo.write(".porch.json", "{\"git_timeout\": \"5 minutes\"}");
    Cli.Result r = Cli.run(repo.dir, "spawn", "cfg");
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains(".porch.json: git_timeout: '5 minutes' is not a duration");
    assertThat(repo.dir.resolve(".worktrees/cfg")).doesNotExist();
  }

  @Test
  void spawn_saysWhyAWorktreeFailedToSetUp() throws Exception {
    repo.write(".porch.json", "{\"setup\": [\"git\", \"no-such-command\"]}");
    Cli.Result r = Cli.run(repo.dir, "spawn", "boot", "--agents", "2");
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("boot-1  FAILED");
    assertThat(r.err()).contains("porch: boot-1 FAILED: setup failed", ".agent-status/logs/boot-1.setup.log")
        .contains("porch: boot-2 FAILED").contains("Created 2 worktrees for feature boot.");
    assertThat(Cli.run(repo.dir, "cleanup", "boot").code()).isZero();

    repo.write(".porch.json", "{}");
    assertThat(Cli.run(repo.dir, "spawn", "one", "--agents", "1").err()).contains("Created 1 worktree for feature one.").doesNotContain("FAILED");
  }

  @Test
  void recoverWait_staysUntilReattachedAgentsEndAndRecordsHow() throws Exception {
    assertThat(Cli.run(repo.dir, "spawn", "ra", "--agents", "2").code()).isZero();
    // two agents whose porch died: they run on, one will report COMPLETE itself, one will just exit
    Path gates = Files.createDirectories(tmp.resolve("gates"));
    var store = dev.porch.status.StatusFiles.open(repo.dir);
    List<Process> agents = new java.util.ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      String task = "ra-" + i;
      List<String> cmd = new java.util.ArrayList<>(List.of("--await", gates.resolve(task).toString()));
      if (i == 1) {
        cmd.addAll(List.of("--status", "COMPLETE", "reported by itself"));
      }
      ProcessBuilder pb = new ProcessBuilder(FakeAgent.command(cmd.toArray(String[]::new)))
          .directory(repo.dir.resolve(".worktrees/" + task).toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().putAll(java.util.Map.of("PORCH_TASK", task, "PORCH_BRANCH", "feature/" + task,
          "PORCH_WORKTREE", ".worktrees/" + task, "PORCH_STATUS_FILE", repo.dir.resolve(".agent-status/" + task + ".json").toString()));
      Process p = pb.start();
      agents.add(p);
      java.time.Instant started = p.toHandle().info().startInstant().orElseThrow();
      store.update(dev.porch.core.TaskName.of(task), cur -> cur.moveTo(dev.porch.core.AgentState.RUNNING, java.time.Instant.now())
          .withProcess(p.pid(), started));
    }

    java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
    java.io.StringWriter err = new java.io.StringWriter() {
      @Override
      public void write(String str, int off, int len) {
        super.write(str, off, len);
        if (toString().contains("waiting for 2 re-attached agent(s)")) {
          waiting.countDown();
        }
      }
    };
    java.io.StringWriter out = new java.io.StringWriter();
    var recover = java.util.concurrent.CompletableFuture.supplyAsync(() -> dev.porch.cli.Porch.run(
        new String[] {"recover", "--wait", "--timeout", "2m"}, new java.io.PrintWriter(out, true),
        new java.io.PrintWriter(err, true), java.util.Map.of(), repo.dir));
    try {
      assertThat(waiting.await(60, java.util.concurrent.TimeUnit.SECONDS)).as("recover re-attached both: %s", err).isTrue();
      assertThat(recover).as("still waiting while the agents run").isNotDone();
      Files.writeString(gates.resolve("ra-1"), "go");
      Files.writeString(gates.resolve("ra-2"), "go");
      int code = recover.get(90, java.util.concurrent.TimeUnit.SECONDS);

      assertThat(code).as(out + "\n" + err).isEqualTo(1);
      assertThat(out.toString()).contains("re-attached ra-1", "re-attached ra-2", "ra-1 ended COMPLETE",
          "ra-2 ended FAILED: the re-attached agent exited without reporting COMPLETE");
      assertThat(store.read(dev.porch.core.TaskName.of("ra-1")).orElseThrow().status()).isEqualTo(dev.porch.core.AgentState.COMPLETE);
      assertThat(store.read(dev.porch.core.TaskName.of("ra-2")).orElseThrow().status()).isEqualTo(dev.porch.core.AgentState.FAILED);
    } finally {
      agents.forEach(Process::destroyForcibly);
    }
    Cli.Result usage = Cli.run(repo.dir, "recover", "--timeout", "1m");
    assertThat(usage.code()).isEqualTo(2);
    assertThat(usage.err()).contains("--timeout is for --wait");
  }

  @Test
  void safetyNet_withoutATestCommandIsAUsageError() {
    Cli.Result r = Cli.run(repo.dir, "safety-net", "risky", "--prompt", "x");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("safety-net needs a test command");
  }

  @Test
  void recover_marksAVanishedAgentFailed() throws Exception {
    assertThat(Cli.run(repo.dir, "spawn", "job", "--agents", "1").code()).isZero();
    Path file = repo.dir.resolve(".agent-status/job-1.json");
    String running = Files.readString(file).replace("\"PENDING\"", "\"RUNNING\"")
        .replace("\"started\" : null", "\"started\" : \"2026-11-25T10:00:00Z\"").replace("\"started\":null", "\"started\":\"2026-11-25T10:00:00Z\"");
    running = running.substring(0, running.lastIndexOf('}')) + ", \"pid\": 999999, \"pid_started\": \"2026-11-25T10:00:00Z\"}";
    Files.writeString(file, running);
    Cli.Result r = Cli.run(repo.dir, "recover");
    assertThat(r.out() + r.err()).as(r.toString()).contains("job-1");
    JsonNode status = json.readTree(file.toFile());
    assertThat(status.get("status").asText()).isEqualTo("FAILED");
    Cli.Result again = Cli.run(repo.dir, "recover", "--json");
    assertThat(json.readTree(again.out()).get("schema").asText()).isEqualTo("porch.recover/v1");
  }

  @Test
  void statusWatch_endsWhenAllAreFinalOrTimesOut() {
    assertThat(Cli.run(repo.dir, "spawn", "w", "--agents", "1").code()).isZero();
    Cli.Result waiting = Cli.run(repo.dir, "status", "--watch", "--timeout", "1s", "--json");
    assertThat(waiting.code()).isEqualTo(1);
    assertThat(waiting.err()).contains("not every agent finished within 1s");
    assertThat(waiting.out().lines().findFirst().orElseThrow()).startsWith("{\"schema\":\"porch.status/v1\"");
    assertThat(Cli.run(repo.dir.resolve(".worktrees/w-1"), "fail", "--reason", "stop").code()).isZero();
    Cli.Result done = Cli.run(repo.dir, "status", "--watch", "--timeout", "30s");
    assertThat(done.code()).isZero();
    assertThat(done.out()).contains("FAILED").contains("stop");
  }

  @Test
  void prompt_rendersTheSeedTemplateForATask() {
    assertThat(Cli.run(repo.dir, "spawn", "p", "--agents", "1").code()).isZero();
    Cli.Result r = Cli.run(repo.dir, "prompt", "p-1", "--prompt", "Build the thing");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("p-1").contains("feature/p-1").contains("Build the thing").contains("RESULTS.md");
  }
}
