package dev.porch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.agent.AgentProcesses;
import dev.porch.agent.AgentProfile;
import dev.porch.agent.AgentProfiles;
import dev.porch.agent.testing.FakeAgent;
import dev.porch.agent.testing.GitRepo;
import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.Orchestrator;
import dev.porch.core.RunRequest;
import dev.porch.core.RunResult;
import dev.porch.core.TaskName;
import dev.porch.core.TaskSpec;
import dev.porch.core.pattern.Patterns;
import dev.porch.git.GitWorkspaces;
import dev.porch.status.StatusFiles;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents that misbehave, each in its own worktree of one run, with real processes: one dies, one
 * hangs past its timeout, one floods stdout with 300 MB, one deletes its own worktree, one writes
 * garbage into its status file, one checks out another branch. Each must end FAILED with a reason
 * that says what happened, and the well-behaved agent beside them must still complete.
 */
class AgentFaultsTest {
  private static final long LOG_LIMIT = 1 << 20;
  @TempDir Path tmp;

  @Test
  void eachMisbehavingAgentFailsWithItsReason_theGoodOneCompletes() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"));
    Map<String, List<String>> agents = new LinkedHashMap<>();
    agents.put("good", FakeAgent.command("--write", "good.txt", "fine\n", "--commit", "good work"));
    agents.put("dies", FakeAgent.command("--write", "half.txt", "x\n", "--exit", "9"));
    agents.put("hangs", FakeAgent.command("--print", "thinking", "--sleep", "120000"));
    agents.put("floods", FakeAgent.command("--flood", "300", "--write", "f.txt", "f\n", "--commit", "flooded"));
    agents.put("vanishes", FakeAgent.command("--rmtree", "."));
    agents.put("garbles", FakeAgent.command("--write", "g.txt", "g\n", "--commit", "g",
        "--garbage-status", "{\"status\": COMPLETE!!"));
    agents.put("strays", FakeAgent.command("--checkout", "elsewhere", "--write", "s.txt", "s\n", "--commit", "on another branch"));

    AgentProfiles profiles = AgentProfiles.builtIn();
    List<TaskSpec> tasks = new ArrayList<>();
    for (Map.Entry<String, List<String>> a : agents.entrySet()) {
      profiles = profiles.with(AgentProfile.of(a.getKey(), a.getValue()));
      TaskSpec t = TaskSpec.of(TaskName.of("fault-" + a.getKey()), "do it").withAgent(a.getKey());
      tasks.add(a.getKey().equals("hangs") ? t.withTimeout(Duration.ofSeconds(3)) : t);
    }

    long heapBefore = oldGen(true);
    RunResult r;
    try (GitWorkspaces git = GitWorkspaces.open(repo.root());
        AgentProcesses launcher = AgentProcesses.builder(git.root()).profiles(profiles)
            .maxLogBytes(LOG_LIMIT).gracePeriod(Duration.ofSeconds(1)).build();
        Orchestrator o = Orchestrator.builder().workspaces(git).statusStore(StatusFiles.open(git.root()))
            .launcher(launcher).evaluator(dev.porch.agent.ProcessEvaluator.builder(git.root(), git).build())
            .listener(StatusFiles.eventLog(git.root())).build()) {
      r = o.run(Patterns.manual(tasks), RunRequest.builder().feature(TaskName.of("fault")).instructions("misbehave").build());
    }
    long peakGrowth = oldGen(false) - heapBefore;

    Map<String, AgentStatus> s = new LinkedHashMap<>();
    agents.keySet().forEach(k -> s.put(k, r.statuses().get(TaskName.of("fault-" + k))));
    assertThat(s.get("good").status()).isEqualTo(AgentState.COMPLETE);
    assertThat(s.get("floods").status()).as("output volume alone is no fault").isEqualTo(AgentState.COMPLETE);
    assertFailed(s.get("dies"), "exit code 9", "exited with 9", "9");
    assertFailed(s.get("hangs"), "timed out", "time");
    assertFailed(s.get("vanishes"), "worktree");
    assertFailed(s.get("garbles"), "status file");
    assertFailed(s.get("strays"), "elsewhere", "branch");

    Path log = repo.root().resolve(".agent-status/logs/fault-floods.log");
    assertThat(Files.size(log)).as("the log is capped").isLessThan(LOG_LIMIT + 64 * 1024);
    assertThat(Files.readString(log)).contains("log truncated");
    assertThat(peakGrowth).as("300 MB of output never sits in memory (old generation peak growth)").isLessThan(64L << 20);
    // the stray commit is not lost, and the good work is on its branch
    assertThat(repo.git("log", "-1", "--format=%s", "elsewhere").strip()).isEqualTo("on another branch");
    assertThat(repo.git("log", "-1", "--format=%s", "feature/fault-good").strip()).isEqualTo("good work");
  }

  private static void assertFailed(AgentStatus s, String... anyOf) {
    assertThat(s.status()).as(s.task() + ": " + s.error()).isEqualTo(AgentState.FAILED);
    assertThat(s.error()).as(s.task().value()).hasValueSatisfying(e -> assertThat(e).containsAnyOf(anyOf));
  }

  /**
   * The old generation's use (after {@code reset}: now, and its peak restarts from here) or peak:
   * output held on to would end up there, while the young generation's churn says nothing.
   */
  private static long oldGen(boolean reset) {
    long bytes = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && (p.getName().contains("Old") || p.getName().contains("Tenured"))) {
        if (reset) {
          p.resetPeakUsage();
          bytes += p.getUsage().getUsed();
        } else {
          bytes += p.getPeakUsage().getUsed();
        }
      }
    }
    return bytes;
  }
}
