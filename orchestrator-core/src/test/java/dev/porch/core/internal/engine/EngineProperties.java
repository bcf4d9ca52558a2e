package dev.porch.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.Decision;
import dev.porch.core.Plan;
import dev.porch.core.RetryPolicy;
import dev.porch.core.RunOptions;
import dev.porch.core.RunRequest;
import dev.porch.core.RunResult;
import dev.porch.core.TaskName;
import dev.porch.core.TaskSpec;
import dev.porch.core.pattern.OrchestrationPattern;
import dev.porch.core.pattern.RunView;
import dev.porch.core.testing.EngineHarness;
import dev.porch.core.testing.ScriptedLauncher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Generated plans (DAGs, some tasks starting from a dependency) with generated agent behaviour and a
 * pattern that merges a generated subset of what completed: the engine's invariants hold every
 * time. Everything is a jqwik value (no seed fed to {@link java.util.Random}), so a failure shrinks
 * to a minimal plan: fewer tasks, fewer dependencies, agents that simply succeed.
 */
class EngineProperties {
  /** What one scripted attempt does; jqwik shrinks towards the first. */
  enum Kind { SUCCEED, FAIL, HANG, RATE_LIMITED, MARK_COMPLETE, MARK_BLOCKED }

  /** Whether the pattern merges a COMPLETE task, and where it puts it in the merge order. */
  enum Merge { SKIP, APPEND, FIRST }

  /** One attempt: its kind, how many minutes it takes, its exit code when it fails. */
  record Attempt(Kind kind, int minutes, int code) {
    ScriptedLauncher.Step step() {
      Duration after = Duration.ofMinutes(minutes);
      return switch (kind) {
        case FAIL -> ScriptedLauncher.fail(code);
        case HANG -> ScriptedLauncher.hang();
        case RATE_LIMITED -> ScriptedLauncher.rateLimited();
        case MARK_COMPLETE -> new ScriptedLauncher.MarkComplete("done by itself", Map.of(), after);
        case MARK_BLOCKED -> new ScriptedLauncher.MarkBlocked("needs input");
        case SUCCEED -> ScriptedLauncher.succeedAfter(after, Map.of());
      };
    }
  }

  /**
   * One task of a generated plan: task i depends on task j &lt; i when {@code dependsOn.get(j)};
   * it starts from one of its dependencies ({@code startFrom} picks which) when {@code fromDep}.
   */
  record TaskGen(List<Boolean> dependsOn, boolean fromDep, int startFrom, List<Attempt> attempts, Merge merge) {}

  @Provide
  Arbitrary<List<TaskGen>> plans() {
    Arbitrary<Attempt> attempt = Combinators.combine(
        Arbitraries.frequency(Tuple.of(3, Kind.SUCCEED), Tuple.of(1, Kind.FAIL), Tuple.of(1, Kind.HANG),
            Tuple.of(1, Kind.RATE_LIMITED), Tuple.of(1, Kind.MARK_COMPLETE), Tuple.of(1, Kind.MARK_BLOCKED)),
        Arbitraries.integers().between(0, 19), Arbitraries.integers().between(1, 3)).as(Attempt::new);
    // a dependency in 30 of 100 cases; shrinking the number towards 0 drops the dependency
    Arbitrary<Boolean> dependency = Arbitraries.integers().between(0, 99).map(x -> x >= 70);
    Arbitrary<TaskGen> task = Combinators.combine(dependency.list().ofSize(7), Arbitraries.of(false, true),
        Arbitraries.integers().between(0, 6), attempt.list().ofSize(3), Arbitraries.of(Merge.class)).as(TaskGen::new);
    return task.list().ofMinSize(1).ofMaxSize(8);
  }

  /** The plan {@code gens} describe. */
  static List<TaskSpec> plan(List<TaskGen> gens) {
    List<TaskSpec> tasks = new ArrayList<>();
    for (int i = 0; i < gens.size(); i++) {
      TaskGen g = gens.get(i);
      TaskSpec.Builder b = TaskSpec.builder().name(TaskName.of("t" + i)).prompt("do " + i);
      List<TaskName> deps = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        if (g.dependsOn().get(j)) {
          deps.add(TaskName.of("t" + j));
        }
      }
      b.addAllDependsOn(deps);
      if (!deps.isEmpty() && g.fromDep()) {
        b.startFrom(deps.get(g.startFrom() % deps.size()));
      }
      tasks.add(b.build());
    }
    return tasks;
  }

  /** Merges the COMPLETE tasks whose generated {@link Merge} says so, in the order it says. */
  static final class GeneratedMerge implements OrchestrationPattern {
    private final List<TaskSpec> tasks;
    private final Map<TaskName, Merge> merges = new HashMap<>();

    GeneratedMerge(List<TaskSpec> tasks, List<TaskGen> gens) {
      this.tasks = tasks;
      for (int i = 0; i < gens.size(); i++) {
        merges.put(tasks.get(i).name(), gens.get(i).merge());
      }
    }

    public String name() {
      return "generated-merge";
    }

    public Plan plan(RunRequest request) {
      return Plan.of(tasks);
    }

    public Decision decide(RunView view) {
      List<TaskName> pick = new ArrayList<>();
      for (TaskName t : view.tasksIn(AgentState.COMPLETE)) {
        switch (merges.getOrDefault(t, Merge.SKIP)) {
          case APPEND -> pick.add(t);
          case FIRST -> pick.add(0, t);
          case SKIP -> { }
        }
      }
      return pick.isEmpty() ? Decision.nothing("nothing picked")
          : Decision.builder().verdict(Decision.Verdict.MERGE).addAllMerge(pick).summary("generated").build();
    }
  }

  @Property(tries = 150)
  void engineInvariantsHold(@ForAll("plans") List<TaskGen> gens, @ForAll @IntRange(min = 1, max = 4) int limit) {
    EngineHarness h = new EngineHarness();
    List<TaskSpec> tasks = plan(gens);
    Set<TaskName> scriptedBlocked = new HashSet<>();
    for (int i = 0; i < tasks.size(); i++) {
      TaskName name = tasks.get(i).name();
      List<Attempt> attempts = gens.get(i).attempts();
      if (attempts.stream().anyMatch(a -> a.kind() == Kind.MARK_BLOCKED)) {
        scriptedBlocked.add(name);
      }
      h.launcher.script(name, attempts.stream().map(Attempt::step).toArray(ScriptedLauncher.Step[]::new));
    }
    RunRequest req = RunRequest.of(TaskName.of("prop"), "go").withOptions(RunOptions.defaults().withConcurrency(limit)
        .withTaskTimeout(Duration.ofMinutes(30)).withRetry(RetryPolicy.defaults().withJitter(0)));

    RunResult result = h.run(new GeneratedMerge(tasks, gens), req);

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
