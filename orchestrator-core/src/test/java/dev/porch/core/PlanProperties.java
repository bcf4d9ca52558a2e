package dev.porch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.error.InvalidPlanException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Any valid plan orders dependencies before dependents; any cycle is refused and named. */
class PlanProperties {

  /** A random DAG: task i may depend only on tasks j < i; the list is then shuffled. */
  static List<TaskSpec> randomDag(int size, long seed, int edgePercent) {
    Random r = new Random(seed);
    List<TaskSpec> tasks = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      TaskSpec.Builder b = TaskSpec.builder().name(TaskName.of("t" + i)).prompt("do " + i);
      for (int j = 0; j < i; j++) {
        if (r.nextInt(100) < edgePercent) {
          b.addDependsOn(TaskName.of("t" + j));
        }
      }
      tasks.add(b.build());
    }
    Collections.shuffle(tasks, r);
    return tasks;
  }

  @Property(tries = 500)
  void topologicalOrderPutsEveryDependencyFirst(
      @ForAll @IntRange(min = 1, max = 25) int size, @ForAll long seed, @ForAll @IntRange(max = 60) int edges) {
    List<TaskSpec> tasks = randomDag(size, seed, edges);
    Plan plan = Plan.of(tasks);
    List<TaskSpec> order = plan.topologicalOrder();
    assertThat(order).hasSize(size).containsExactlyInAnyOrderElementsOf(tasks);
    Set<TaskName> seen = new HashSet<>();
    for (TaskSpec t : order) {
      assertThat(seen).as("dependencies of %s", t.name()).containsAll(t.dependsOn());
      seen.add(t.name());
    }
  }

  @Property(tries = 300)
  void independentTasksKeepTheGivenOrder(@ForAll @IntRange(min = 1, max = 20) int size, @ForAll long seed) {
    List<TaskSpec> tasks = randomDag(size, seed, 0);
    assertThat(Plan.of(tasks).topologicalOrder()).containsExactlyElementsOf(tasks);
  }

  @Property(tries = 300)
  void aBackEdgeMakesACycleThatIsRefusedAndNamed(
      @ForAll @IntRange(min = 2, max = 15) int size, @ForAll long seed) {
    // a chain t0 <- t1 <- ... <- tn-1, then t0 depends on tn-1
    List<TaskSpec> tasks = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      TaskSpec.Builder b = TaskSpec.builder().name(TaskName.of("t" + i)).prompt("p");
      b.addDependsOn(TaskName.of("t" + ((i + size - 1) % size)));
      tasks.add(b.build());
    }
    Collections.shuffle(tasks, new Random(seed));
    assertThatThrownBy(() -> Plan.of(tasks))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("dependency cycle")
        .satisfies(e -> {
          for (int i = 0; i < size; i++) {
            assertThat(e.getMessage()).contains("t" + i);
          }
        });
  }
}
