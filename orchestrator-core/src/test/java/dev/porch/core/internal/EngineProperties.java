package dev.porch.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.Decision;
import dev.porch.core.OrchestrationPattern;
import dev.porch.core.Plan;
import dev.porch.core.RetryPolicy;
import dev.porch.core.RunOptions;
import dev.porch.core.RunRequest;
import dev.porch.core.RunResult;
import dev.porch.core.RunView;
import dev.porch.core.TaskName;
import dev.porch.core.TaskSpec;
import dev.porch.core.testing.EngineHarness;
import dev.porch.core.testing.ScriptedLauncher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random plans (DAGs, some tasks starting from a dependency) with random agent behaviour and a
 * pattern that merges a random subset of what completed: the engine's invariants hold every time.
 */
class EngineProperties {

  /** A random DAG: task i may depend only on tasks j &lt; i. */
  static List<TaskSpec> randomPlan(int size, Random r) {
    List<TaskSpec> tasks = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      TaskSpec.Builder b = TaskSpec.builder().name(TaskName.of("t" + i)).prompt("do " + i);
      List<TaskName> deps = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        if (r.nextInt(100) < 30) {
          deps.add(TaskName.of("t" + j));
        }
      }
      b.addAllDependsOn(deps);
      if (!deps.isEmpty() && r.nextBoolean()) {
        b.startFrom(deps.get(r.nextInt(deps.size())));
      }
      tasks.add(b.build());
    }
    return tasks;
  }

  static ScriptedLauncher.Step randomStep(Random r) {
    Duration after = Duration.ofMinutes(r.nextInt(20));
    return switch (r.nextInt(8)) {
      case 0 -> ScriptedLauncher.fail(1 + r.nextInt(3));
      case 1 -> ScriptedLauncher.hang();
      case 2 -> ScriptedLauncher.rateLimited();
      case 3 -> new ScriptedLauncher.MarkComplete("done by itself", Map.of(), after);
      case 4 -> new ScriptedLauncher.MarkBlocked("needs input");
      default -> ScriptedLauncher.succeedAfter(after, Map.of());
    };
  }

  /** Merges a random subset of the COMPLETE tasks, in a random order. */
  static final class RandomMerge implements OrchestrationPattern {
    private final List<TaskSpec> tasks;
    private final long seed;

    RandomMerge(List<TaskSpec> tasks, long seed) {
      this.tasks = tasks;
      this.seed = seed;
    }

    public String name() {
      return "random-merge";
    }

    public Plan plan(RunRequest request) {
      return Plan.of(tasks);
    }

    public Decision decide(RunView view) {
      Random r = new Random(seed);
      List<TaskName> pick = new ArrayList<>();
      for (TaskName t : view.tasksIn(AgentState.COMPLETE)) {
        if (r.nextBoolean()) {
          pick.add(r.nextBoolean() ? pick.size() : 0, t);
        }
      }
      return pick.isEmpty() ? Decision.nothing("nothing picked")
          : Decision.builder().verdict(Decision.Verdict.MERGE).addAllMerge(pick).summary("random").build();
    }
  }

  @Property(tries = 150)
  void engineInvariantsHold(@ForAll @IntRange(min = 1, max = 8) int size, @ForAll @IntRange(min = 1, max = 4) int limit,
      @ForAll long seed) {
    Random r = new Random(seed);
    EngineHarness h = new EngineHarness();
    List<TaskSpec> tasks = randomPlan(size, r);
    Set<TaskName> scriptedBlocked = new HashSet<>();
    for (TaskSpec t : tasks) {
      ScriptedLauncher.Step[] steps = {randomStep(r), randomStep(r), randomStep(r)};
      for (ScriptedLauncher.Step s : steps) {
        if (s instanceof ScriptedLauncher.MarkBlocked) {
          scriptedBlocked.add(t.name());
        }
      }
      h.launcher.script(t.name(), steps);
    }
    RunRequest req = RunRequest.of(TaskName.of("prop"), "go").withOptions(RunOptions.defaults().withConcurrency(limit)
        .withTaskTimeout(Duration.ofMinutes(30)).withRetry(RetryPolicy.defaults().withJitter(0)));

    RunResult result = h.run(new RandomMerge(tasks, seed), req);

    Plan plan = Plan.of(tasks);
    for (TaskName t : plan.names()) {
      AgentStatus s = result.statuses().get(t);
      assertThat(s).as("status of %s", t).isNotNull();
      if (s.status() == AgentState.BLOCKED) {
        boolean blockedDep = plan.task(t).orElseThrow().dependsOn().stream()
            .anyMatch(d -> result.state(d) == AgentState.BLOCKED);
        assertThat(scriptedBlocked.contains(t) || blockedDep).as("%s is BLOCKED without cause", t).isTrue();
      } else {
        assertThat(s.status().isFinal()).as("%s ended %s", t, s.status()).isTrue();
      }
    }
    assertThat(h.launcher.maxConcurrent()).isLessThanOrEqualTo(limit);
    for (ScriptedLauncher.Launch l : h.launcher.launches()) {
      for (TaskName d : plan.task(l.request().task()).orElseThrow().dependsOn()) {
        assertThat(l.storeStates().get(d)).as("%s started before %s was COMPLETE", l.request().task(), d)
            .isEqualTo(AgentState.COMPLETE);
      }
    }
    Set<String> chosen = new HashSet<>();
    result.decision().merge().forEach(t -> chosen.add(result.statuses().get(t).branch() + "->main"));
    assertThat(chosen).containsAll(h.git.merges());
    assertThat(h.store.watcherCount()).isZero();
  }
}
