package dev.porch.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.error.LaunchException;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.AgentRequest;
import dev.porch.kubernetes.internal.EntryScript;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Job porch creates for one attempt, read back from the (mock) API server field by field. */
class JobSpecTest {
  private final MockCluster cluster = new MockCluster();

  @AfterEach
  void close() {
    cluster.close();
  }

  private static JobSettings full() {
    return JobSettings.of("ghcr.io/porch/claude:1.2").withNamespace(MockCluster.NS)
        .withResources(Map.of("cpu", "500m", "memory", "1Gi"), Map.of("memory", "2Gi"))
        .withNodeSelector(Map.of("pool", "agents"))
        .withServiceAccount("porch-agent")
        .withSecretEnv(Map.of("ANTHROPIC_API_KEY", new SecretKey("agent-keys", "anthropic")))
        .withImagePullSecrets(List.of("regcred"));
  }

  private Job launchFull() {
    AgentRequest.Builder b = MockCluster.requestBuilder("auth-1");
    b.attempt(2).timeout(Duration.ofMinutes(30)).role("implementer").putEnvironment("FEATURE_FLAG", "on");
    AgentRequest r = b.build();
    try (KubernetesAgents agents = KubernetesAgents.builder(cluster.client).run(MockCluster.RUN).settings(full())
        .transfer(cluster.transfer).commands((req, wt, pf) -> new ContainerCommand(
            List.of("claude", "-p", "--prompt-file", pf), "Do the task: " + req.instructions(),
            Map.of("CLAUDE_CODE_MAX_TURNS", "40"), List.of())).ttlAfterFinished(Duration.ofHours(2)).build()) {
      agents.launch(r);
      return cluster.awaitJob("auth-1", 2);
    }
  }

  @Test
  void job_metadataAndLimits() {
    Job j = launchFull();
    assertThat(j.getMetadata().getName()).matches("porch-auth-1-a2-[0-9a-f]{6}");
    assertThat(j.getMetadata().getNamespace()).isEqualTo("agents");
    assertThat(j.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(
        Map.of("porch.dev/run", "run-1", "porch.dev/task", "auth-1", "porch.dev/attempt", "2",
            "porch.dev/job", j.getMetadata().getName()));
    assertThat(j.getMetadata().getAnnotations()).containsEntry("porch.dev/task-name", "auth-1")
        .containsEntry("porch.dev/branch", "feature/auth-1").containsEntry("porch.dev/base-commit", MockCluster.BASE)
        .hasEntrySatisfying("porch.dev/launched", t -> assertThat(java.time.Instant.parse(t))
            .isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now()));
    assertThat(j.getSpec().getBackoffLimit()).as("porch retries by itself, one Job per attempt").isZero();
    assertThat(j.getSpec().getActiveDeadlineSeconds()).isEqualTo(1800L);
    assertThat(j.getSpec().getTtlSecondsAfterFinished()).isEqualTo(7200);
    assertThat(j.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(j.getMetadata().getLabels());
  }

  @Test
  void job_podSpec() {
    PodSpec p = launchFull().getSpec().getTemplate().getSpec();
    assertThat(p.getRestartPolicy()).isEqualTo("Never");
    assertThat(p.getServiceAccountName()).isEqualTo("porch-agent");
    assertThat(p.getAutomountServiceAccountToken()).isTrue();
    assertThat(p.getNodeSelector()).isEqualTo(Map.of("pool", "agents"));
    assertThat(p.getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("regcred");
    assertThat(p.getVolumes()).hasSize(1);
    assertThat(p.getVolumes().get(0).getName()).isEqualTo("workspace");
    assertThat(p.getVolumes().get(0).getEmptyDir()).isNotNull();
    assertThat(p.getContainers()).hasSize(1);
    Container c = p.getContainers().get(0);
    assertThat(c.getName()).isEqualTo("agent");
    assertThat(c.getImage()).isEqualTo("ghcr.io/porch/claude:1.2");
    assertThat(c.getCommand()).containsExactly("sh", "-c", EntryScript.TEXT, "porch-pod");
    assertThat(c.getArgs()).as("the agent's argv, no shell in between")
        .containsExactly("claude", "-p", "--prompt-file", "/workspace/prompt.md");
    assertThat(c.getWorkingDir()).isEqualTo("/workspace");
    assertThat(c.getVolumeMounts()).singleElement().satisfies(m -> {
      assertThat(m.getName()).isEqualTo("workspace");
      assertThat(m.getMountPath()).isEqualTo("/workspace");
    });
    assertThat(c.getResources().getRequests()).isEqualTo(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("1Gi")));
    assertThat(c.getResources().getLimits()).isEqualTo(Map.of("memory", new Quantity("2Gi")));
    assertThat(c.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
  }

  @Test
  void job_environment() {
    Container c = launchFull().getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, EnvVar> env = c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, Function.identity()));
    Map<String, String> plain = env.values().stream().filter(e -> e.getValueFrom() == null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    assertThat(plain).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("PORCH_TASK", "auth-1"),
        Map.entry("PORCH_BRANCH", "feature/auth-1"),
        Map.entry("PORCH_BASE", "main"),
        Map.entry("PORCH_BASE_COMMIT", MockCluster.BASE),
        Map.entry("PORCH_ATTEMPT", "2"),
        Map.entry("PORCH_ROLE", "implementer"),
        Map.entry("PORCH_REMOTE_URL", "https://git.example.invalid/me/app.git"),
        Map.entry("PORCH_WORKDIR", "/workspace"),
        Map.entry("PORCH_COMMIT_LEFTOVERS", "true"),
        Map.entry("PORCH_PROMPT", "Do the task: Add a login form"),
        Map.entry("CLAUDE_CODE_MAX_TURNS", "40"),
        Map.entry("FEATURE_FLAG", "on")));
    EnvVar key = env.get("ANTHROPIC_API_KEY");
    assertThat(key.getValue()).as("an API key never has a value in the spec").isNull();
    assertThat(key.getValueFrom().getSecretKeyRef().getName()).isEqualTo("agent-keys");
    assertThat(key.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("anthropic");
    assertThat(key.getValueFrom().getSecretKeyRef().getOptional()).isFalse();
  }

  @Test
  void job_withoutServiceAccountMountsNoToken() {
    try (KubernetesAgents agents = cluster.launcher().build()) {
      agents.launch(MockCluster.request("plain"));
      Job j = cluster.awaitJob("plain", 1);
      PodSpec p = j.getSpec().getTemplate().getSpec();
      assertThat(p.getServiceAccountName()).isNull();
      assertThat(p.getAutomountServiceAccountToken()).isFalse();
      assertThat(j.getSpec().getActiveDeadlineSeconds()).as("no timeout, no deadline").isNull();
      assertThat(p.getNodeSelector()).isNullOrEmpty();
      assertThat(cluster.transfer.pushed).extracting(w -> w.task().value()).containsExactly("plain");
    }
  }

  @Test
  void launch_plainApiKeyRefused() {
    AgentRequest.Builder b = MockCluster.requestBuilder("leak");
    b.putEnvironment("OPENAI_API_KEY", "sk-live-123");
    AgentRequest r = b.build();
    try (KubernetesAgents agents = cluster.launcher().build()) {
      assertThatThrownBy(() -> agents.launch(r)).isInstanceOf(LaunchException.class)
          .hasMessageContaining("OPENAI_API_KEY").hasMessageContaining("Job spec");
    }
    assertThat(cluster.transfer.pushed).as("nothing pushed, nothing created").isEmpty();
    assertThat(cluster.client.batch().v1().jobs().inNamespace(MockCluster.NS).list().getItems()).isEmpty();
  }

  @Test
  void launch_remoteUrlWithTokenRefused() {
    MockCluster.RecordingTransfer leaky = new MockCluster.RecordingTransfer() {
      @Override
      public String remoteUrl() {
        return "https://x-access-token:ghp_secret@github.com/me/app.git";
      }
    };
    try (KubernetesAgents agents = KubernetesAgents.builder(cluster.client).run("r").settings(JobSettings.of("img"))
        .transfer(leaky).commands((r, w, p) -> MockCluster.command()).build()) {
      assertThatThrownBy(() -> agents.launch(MockCluster.request("leak"))).isInstanceOf(LaunchException.class)
          .hasMessageContaining("password or token");
    }
  }

  @Test
  void launch_unknownProfileWithoutDefaultRefused() {
    try (KubernetesAgents agents = KubernetesAgents.builder(cluster.client).run("r")
        .profile("codex", JobSettings.of("img")).transfer(cluster.transfer)
        .commands((r, w, p) -> MockCluster.command()).build()) {
      assertThatThrownBy(() -> agents.launch(MockCluster.request("t"))).isInstanceOf(LaunchException.class)
          .hasMessageContaining("no Kubernetes settings for agent profile 'claude'");
    }
  }

  @Test
  void launch_pushFailureFailsToStartInOneLine() throws Exception {
    cluster.transfer.failPush = new IllegalStateException("git push failed:\n ! [rejected] (fetch first)");
    try (KubernetesAgents agents = cluster.launcher().build()) {
      AgentOutcome o = agents.launch(MockCluster.request("auth")).outcome().get(20, TimeUnit.SECONDS);
      assertThat(o.kind()).isEqualTo(AgentOutcome.Kind.FAILED_TO_START);
      assertThat(o.reason().orElseThrow()).startsWith("could not push feature/auth to https://git.example.invalid")
          .contains("[rejected]").doesNotContain("\n");
    }
    assertThat(cluster.client.batch().v1().jobs().inNamespace(MockCluster.NS).list().getItems()).isEmpty();
  }
}
