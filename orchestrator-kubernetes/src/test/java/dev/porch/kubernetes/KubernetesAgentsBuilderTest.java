package dev.porch.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.kubernetes.internal.Names;
import dev.porch.kubernetes.internal.Report;
import dev.porch.core.TaskName;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The builder's documented refusals, and the names and reports that need no API server. */
class KubernetesAgentsBuilderTest {
  // Building a client talks to nobody until it is used.
  private static final KubernetesClient CLIENT = new KubernetesClientBuilder().build();

  @AfterAll
  static void closeClient() {
    CLIENT.close();
  }

  @Test
  void build_namesWhatIsMissing() {
    assertThatThrownBy(() -> KubernetesAgents.builder(CLIENT).build()).isInstanceOf(IllegalStateException.class)
        .hasMessage("KubernetesAgents needs run, settings (or a profile), commands, transfer");
  }

  @Test
  void run_mustBeALabelValue() {
    assertThatThrownBy(() -> KubernetesAgents.builder(CLIENT).run("no spaces")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KubernetesAgents.builder(CLIENT).run("-x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KubernetesAgents.builder(CLIENT).run("a").run("b")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> KubernetesAgents.builder(CLIENT).run(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void setters_once() {
    assertThatThrownBy(() -> KubernetesAgents.builder(CLIENT).settings(JobSettings.of("i")).settings(JobSettings.of("j")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> KubernetesAgents.builder(CLIENT).profile("c", JobSettings.of("i")).profile("c", JobSettings.of("j")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> KubernetesAgents.builder(CLIENT).commitLeftovers(true).commitLeftovers(false))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> KubernetesAgents.builder(CLIENT).scheduleTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KubernetesAgents.builder(CLIENT).ttlAfterFinished(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settings_refuseBadValues() {
    assertThatThrownBy(() -> JobSettings.of(" ")).hasMessageContaining("kubernetes.image");
    assertThatThrownBy(() -> JobSettings.of("i").withNamespace("Agents_1")).hasMessageContaining("namespace");
    assertThatThrownBy(() -> new SecretKey("keys", "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JobSettings.of("i").withResources(Map.of("cpu", "lots"), Map.of()))
        .hasMessage("'lots' for cpu is not a resource quantity (such as 500m, 2, 1.5, 512Mi, 2Gi)");
    assertThatThrownBy(() -> JobSettings.of("i").withResources(Map.of(), Map.of("memory", "2 Gi")))
        .hasMessageContaining("'2 Gi' for memory");
    assertThat(JobSettings.of("i").withResources(Map.of("cpu", "500m", "memory", "1.5Gi"), Map.of("cpu", "2", "x", "1e3"))
        .requests()).containsEntry("cpu", "500m");
  }

  @Test
  void job_nameFitsALabelForEveryTaskName() {
    String longest = "a".repeat(31) + "." + "b_c".repeat(10) + "-";
    String name = Names.job("run", TaskName.of(longest), 12, "x");
    assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(Names.labelValue(Names.taskLabel(TaskName.of(longest)))).isTrue();
    assertThat(Names.job("run", TaskName.of("auth"), 1, "x")).isNotEqualTo(Names.job("run2", TaskName.of("auth"), 1, "x"))
        .as("a task made again under the same name").isNotEqualTo(Names.job("run", TaskName.of("auth"), 1, "y"));
  }

  @Test
  void report_lastPorchPodLineOfALog() {
    assertThat(Report.parse("agent says hi\nporch-pod: exit=0 step=done commit=0123abc\n")).hasValueSatisfying(r -> {
      assertThat(r.exit()).isZero();
      assertThat(r.done()).isTrue();
      assertThat(r.commit()).hasValue("0123abc");
    });
    assertThat(Report.parse("porch-pod: exit=94 step=push commit=none why= ! [rejected] (stale info)"))
        .hasValueSatisfying(r -> {
          assertThat(r.commit()).isEmpty();
          assertThat(r.why()).hasValue("! [rejected] (stale info)");
        });
    assertThat(Report.parse("porch-pod: exit=0 step=done commit=$(rm -rf /)")).isEmpty();
    assertThat(Report.parse(null)).isEmpty();
  }
}
