package dev.porch.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * After porch itself was killed, a new porch finds its run's Jobs by label and follows them to
 * their end (mock API server in CRUD mode).
 */
class RecoverTest {
  private static final String COMMIT = "abcdef0123456789abcdef0123456789abcdef01";
  private final MockCluster cluster = new MockCluster();

  @AfterEach
  void close() {
    cluster.close();
  }

  /** Launches with a client of its own, then loses that client, as a killed porch does. */
  private void launchAndDie(String... tasks) {
    NamespacedKubernetesClient doomed = cluster.server.createClient();
    KubernetesAgents first = KubernetesAgents.builder(doomed).run(MockCluster.RUN)
        .settings(JobSettings.of("img").withNamespace(MockCluster.NS)).transfer(cluster.transfer)
        .commands((r, w, p) -> MockCluster.command()).build();
    for (String t : tasks) {
      int before = cluster.jobs(t, 1).size();
      first.launch(MockCluster.request(t));
      dev.porch.agent.testing.Poll.until("the new Job of " + t, java.time.Duration.ofSeconds(20),
          () -> cluster.jobs(t, 1).size() > before);
    }
    doomed.close(); // killed: no cancel reaches the cluster
    first.close();
  }

  @Test
  void jobs_foundByRunLabelWithPodAndNode() {
    launchAndDie("auth", "docs");
    Job auth = cluster.client.batch().v1().jobs().inNamespace(MockCluster.NS).withName(cluster.jobName("auth", 1)).get();
    Pod pod = cluster.createPod(auth, "kind-worker");
    auth.setStatus(new JobStatusBuilder().withActive(1).build());
    cluster.client.batch().v1().jobs().inNamespace(MockCluster.NS).resource(auth).updateStatus();
    cluster.client.batch().v1().jobs().inNamespace(MockCluster.NS).resource(new JobBuilder().withNewMetadata()
        .withName("porch-auth-a1-other").withLabels(Map.of("porch.dev/run", "run-2", "porch.dev/task", "auth",
            "porch.dev/attempt", "1")).endMetadata().withNewSpec().withNewTemplate().withNewSpec()
        .addNewContainer().withName("agent").withImage("img").endContainer().withRestartPolicy("Never").endSpec()
        .endTemplate().endSpec().build()).create();

    try (KubernetesAgents again = cluster.launcher().build()) {
      List<ClusterAgent> jobs = again.jobs();
      assertThat(jobs).extracting(ClusterAgent::task).containsExactlyInAnyOrder("auth", "docs");
      ClusterAgent a = jobs.stream().filter(j -> j.task().equals("auth")).findFirst().orElseThrow();
      assertThat(a.attempt()).isEqualTo(1);
      assertThat(a.job()).isEqualTo(auth.getMetadata().getName());
      assertThat(a.state()).isEqualTo("running");
      assertThat(a.pod()).hasValue(pod.getMetadata().getName());
      assertThat(a.node()).hasValue("kind-worker");
      assertThat(a.where()).isEqualTo("pod " + pod.getMetadata().getName() + " on node kind-worker");
      ClusterAgent d = jobs.stream().filter(j -> j.task().equals("docs")).findFirst().orElseThrow();
      assertThat(d.state()).isEqualTo("pending");
      assertThat(d.where()).isEqualTo("Job " + cluster.jobName("docs", 1) + " (no pod yet)");
    }
  }

  @Test
  void adopt_followsTheJobToItsEndAndFetches() throws Exception {
    launchAndDie("auth");
    try (KubernetesAgents again = cluster.launcher().build()) {
      Optional<AgentHandle> h = again.adopt(MockCluster.workspace("auth"), 1, Instant.EPOCH);
      assertThat(h).isPresent();
      assertThat(h.get().outcome()).isNotDone();
      Pod pod = cluster.createPod(cluster.awaitJob("auth", 1), "n1");
      cluster.terminated(pod, 0, "porch-pod: exit=0 step=done commit=" + COMMIT);
      cluster.jobCondition("auth", 1, "Complete", "CompletionsReached");
      AgentOutcome o = h.get().outcome().get(20, TimeUnit.SECONDS);
      assertThat(o.succeeded()).as(o.toString()).isTrue();
      assertThat(cluster.transfer.fetched).containsExactly("auth@" + COMMIT);
    }
  }

  @Test
  void adopt_jobThatEndedWhilePorchWasDownEndsAtOnce() throws Exception {
    launchAndDie("auth");
    Pod pod = cluster.createPod(cluster.awaitJob("auth", 1), "n1");
    cluster.terminated(pod, 0, "porch-pod: exit=0 step=done commit=" + COMMIT);
    cluster.jobCondition("auth", 1, "Complete", "CompletionsReached");
    try (KubernetesAgents again = cluster.launcher().build()) {
      AgentOutcome o = again.adopt(MockCluster.workspace("auth"), 1, Instant.EPOCH).orElseThrow().outcome().get(20, TimeUnit.SECONDS);
      assertThat(o.succeeded()).isTrue();
      assertThat(cluster.transfer.fetched).containsExactly("auth@" + COMMIT);
    }
  }

  @Test
  void adopt_takesTheJobOfTheStatussLifeNotAnEarlierTasksOfTheSameName() throws Exception {
    launchAndDie("auth"); // a task auth that was later cleaned up: its Job ended, pushed OLD
    Pod old = cluster.createPod(cluster.awaitJob("auth", 1), "n1");
    cluster.terminated(old, 0, "porch-pod: exit=0 step=done commit=" + "01d0".repeat(10));
    cluster.jobCondition("auth", 1, "Complete", "CompletionsReached");
    Instant madeAgain = Instant.now();
    try (KubernetesAgents again = cluster.launcher().build()) {
      assertThat(again.adopt(MockCluster.workspace("auth"), 1, madeAgain.plus(KubernetesAgents.LEEWAY).plusSeconds(1)))
          .as("the new task's own Job was never created: nothing to follow, the earlier one is not it").isEmpty();
      assertThat(again.adopt(MockCluster.workspace("auth"), 2, Instant.EPOCH)).as("no Job of attempt 2").isEmpty();
    }
    launchAndDie("auth"); // the same name made again, attempt 1 again, and porch killed
    Job mine = cluster.awaitJob("auth", 1);
    try (KubernetesAgents again = cluster.launcher().build()) {
      AgentHandle h = again.adopt(MockCluster.workspace("auth"), 1, madeAgain).orElseThrow();
      assertThat(h.outcome()).as("its own Job still runs").isNotDone();
      Pod pod = cluster.createPod(mine, "n2");
      cluster.terminated(pod, 0, "porch-pod: exit=0 step=done commit=" + COMMIT);
      cluster.jobCondition("auth", 1, "Complete", "CompletionsReached");
      assertThat(h.outcome().get(20, TimeUnit.SECONDS).succeeded()).isTrue();
      assertThat(cluster.transfer.fetched).containsExactly("auth@" + COMMIT);
    }
  }

  @Test
  void adopt_noJobForTheTask() {
    try (KubernetesAgents again = cluster.launcher().build()) {
      assertThat(again.adopt(MockCluster.workspace("nothing"), 1, Instant.EPOCH)).isEmpty();
      assertThat(again.jobs()).isEmpty();
    }
  }

  @Test
  void close_leavesAdoptedJobsRunning() {
    launchAndDie("auth");
    try (KubernetesAgents again = cluster.launcher().build()) {
      assertThat(again.adopt(MockCluster.workspace("auth"), 1, Instant.EPOCH)).isPresent();
    }
    assertThat(cluster.client.batch().v1().jobs().inNamespace(MockCluster.NS).withName(cluster.jobName("auth", 1))
        .get()).as("for the next porch recover").isNotNull();
  }
}
