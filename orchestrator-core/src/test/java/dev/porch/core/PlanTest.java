package dev.porch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.error.InvalidPlanException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTest {
  private static TaskSpec task(String name, String... deps) {
    TaskSpec.Builder b = TaskSpec.builder().name(TaskName.of(name)).prompt("do " + name);
    for (String d : deps) {
      b.addDependsOn(TaskName.of(d));
    }
    return b.build();
  }

  @Test
  void of_empty() {
    assertThatThrownBy(() -> Plan.of(List.of())).isInstanceOf(InvalidPlanException.class).hasMessageContaining("at least one task");
  }

  @Test
  void of_duplicateNames() {
    assertThatThrownBy(() -> Plan.of(List.of(task("a"), task("a"))))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("task a appears more than once");
  }

  @Test
  void of_unknownDependencyNamesBothTasks() {
    InvalidPlanException e =
        (InvalidPlanException) org.assertj.core.api.Assertions.catchThrowable(() -> Plan.of(List.of(task("ui", "api"), task("db", "cache"))));
    assertThat(e.problems()).containsExactly("task ui depends on unknown task api", "task db depends on unknown task cache");
  }

  @Test
  void of_cycleIsSpelledOut() {
    assertThatThrownBy(() -> Plan.of(List.of(task("a", "c"), task("b", "a"), task("c", "b"), task("d"))))
        .hasMessage("invalid plan: dependency cycle: a -> c -> b -> a");
  }

  @Test
  void taskSpec_selfDependency() {
    assertThatThrownBy(() -> task("a", "a")).isInstanceOf(InvalidPlanException.class).hasMessageContaining("depends on itself");
  }

  @Test
  void taskSpec_startFromMustBeADependency() {
    assertThatThrownBy(() -> TaskSpec.builder().name(TaskName.of("b")).prompt("p").startFrom(TaskName.of("a")).build())
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("starts from a but does not depend on it");
  }

  @Test
  void taskSpec_blankPromptAndBadTimeout() {
    assertThatThrownBy(() -> TaskSpec.of(TaskName.of("a"), "  ")).hasMessageContaining("empty prompt");
    assertThatThrownBy(() -> TaskSpec.builder().name(TaskName.of("a")).prompt("p").timeout(Duration.ZERO).build())
        .hasMessageContaining("must be positive");
  }

  @Test
  void topologicalOrder_dependenciesFirstOtherwiseGivenOrder() {
    Plan plan = Plan.of(List.of(task("ui", "api"), task("docs"), task("api")));
    assertThat(plan.topologicalOrder()).extracting(t -> t.name().value()).containsExactly("docs", "api", "ui");
    assertThat(plan.names()).extracting(TaskName::value).containsExactly("ui", "docs", "api");
    assertThat(plan.dependents(TaskName.of("api"))).extracting(t -> t.name().value()).containsExactly("ui");
    assertThat(plan.task(TaskName.of("nope"))).isEmpty();
    assertThat(plan.size()).isEqualTo(3);
  }
}
