package dev.porch.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.agent.testing.Poll;
import dev.porch.core.port.AgentActivity;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome.Kind;
import dev.porch.core.port.AgentOutcome;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An attempt followed through the API's watch, against the mock server in CRUD mode: the tests
 * play the Job controller and the kubelet by writing the pod and Job status a cluster would.
 */
class LifecycleTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String COMMIT = "fedcba9876543210fedcba9876543210fedcba98";
  private final MockCluster cluster = new MockCluster();

  @AfterEach
  void close() {
    cluster.close();
  }

  private static AgentOutcome outcome(AgentHandle h) throws Exception {
    return h.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static String doing(AgentHandle h) {
    return h.activity().flatMap(AgentActivity::doing).orElse("");
  }

  @Test
  void outcome_followsThePodAndJobAndFetchesThePushedCommit() throws Exception {
    try (KubernetesAgents agents = cluster.launcher().build()) {
      AgentHandle h = agents.launch(MockCluster.request("auth"));
      Job job = cluster.awaitJob("auth", 1);
      assertThat(doing(h)).startsWith("Job porch-auth-a1-");
      Pod pod = cluster.createPod(job, "kind-worker2");
      cluster.podStatus(pod, s -> {
        s.setPhase("Running");
        s.setContainerStatuses(List.of(new ContainerStatusBuilder().withName("agent").withNewState().withNewRunning()
            .endRunning().endState().build()));
        return s;
      });
      Poll.until("the pod's node in the activity", WAIT, () -> doing(h).contains("on node kind-worker2"));
      assertThat(doing(h)).isEqualTo("pod " + pod.getMetadata().getName() + " on node kind-worker2");
      assertThat(h.outcome()).isNotDone();

      cluster.terminated(pod, 0, "porch-pod: exit=0 step=done commit=" + COMMIT + "\n");
      cluster.jobCondition("auth", 1, "Complete", "CompletionsReached");
      AgentOutcome o = outcome(h);
      assertThat(o.kind()).isEqualTo(Kind.EXITED);
      assertThat(o.exitCode()).hasValue(0);
      assertThat(o.succeeded()).isTrue();
      assertThat(cluster.transfer.fetched).as("fetched before the outcome completed").containsExactly("auth@" + COMMIT);
    }
  }

  @Test
  void launch_taskMadeAgainUnderItsName_getsAJobOfItsOwnAndReadsOnlyItsOwnPod() throws Exception {
    // porch cleanup, then a new task of the same name: attempt 1 again, while the earlier Job and
    // its pod are still kept for their logs (ttlSecondsAfterFinished).
    try (KubernetesAgents agents = cluster.launcher().build()) {
      AgentHandle first = agents.launch(MockCluster.request("auth"));
      Job earlier = cluster.awaitJob("auth", 1);
      Pod earlierPod = cluster.createPod(earlier, "n1");
      cluster.terminated(earlierPod, 0, "porch-pod: exit=0 step=done commit=" + MockCluster.BASE);
      cluster.jobCondition("auth", 1, "Complete", "CompletionsReached");
      assertThat(outcome(first).succeeded()).isTrue();

      AgentHandle again = agents.launch(MockCluster.request("auth"));
      Poll.until("a second Job", WAIT, () -> cluster.jobs("auth", 1).size() == 2);
      Job mine = cluster.awaitJob("auth", 1);
      assertThat(mine.getMetadata().getName()).isNotEqualTo(earlier.getMetadata().getName());
      assertThat(again.outcome()).as("not refused as already existing").isNotDone();
      Pod pod = cluster.createPod(mine, "n2");
      cluster.terminated(pod, 0, "porch-pod: exit=0 step=done commit=" + COMMIT);
      cluster.jobCondition("auth", 1, "Complete", "CompletionsReached");
      AgentOutcome o = outcome(again);
      assertThat(o.succeeded()).as(o.toString()).isTrue();
      assertThat(cluster.transfer.fetched).as("the new pod's commit, never the earlier pod's").containsExactly("auth@" + COMMIT);
      assertThat(again.activity().flatMap(AgentActivity::doing)).hasValue("pod " + pod.getMetadata().getName() + " on node n2");
    }
  }

  @Test
  void launch_forbiddenSaysTheServersMessageAndWhatTheIdentityNeeds() throws Exception {
    cluster.server.expect().post().withPath("/apis/batch/v1/namespaces/agents/jobs").andReturn(403, """
        {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "Forbidden", "code": 403,
         "message": "jobs.batch is forbidden: User \\"dev\\" cannot create resource \\"jobs\\" in API group \\"batch\\" in the namespace \\"agents\\""}
        """).always();
    try (KubernetesAgents agents = cluster.launcher().build()) {
      AgentOutcome o = outcome(agents.launch(MockCluster.request("auth")));
      assertThat(o.kind()).isEqualTo(Kind.FAILED_TO_START);
      assertThat(o.reason().orElseThrow()).startsWith("could not create Job porch-auth-a1-")
          .contains(" in namespace agents: jobs.batch is forbidden: User \"dev\" cannot create resource \"jobs\"")
          .contains("(HTTP 403 Forbidden); the kubeconfig's identity needs jobs: create")
          .doesNotContain("Failure executing").doesNotContain("StatusDetails").doesNotContain("\n");
    }
  }

  @Test
  void launch_unreachableApiServerSaysSoAndWhereTheConfigComesFrom() throws Exception {
    java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
    int port = closed.getLocalPort();
    closed.close(); // nothing listens there now
    io.fabric8.kubernetes.client.Config config = new io.fabric8.kubernetes.client.ConfigBuilder()
        .withMasterUrl("http://127.0.0.1:" + port).withRequestRetryBackoffLimit(0).build();
    try (io.fabric8.kubernetes.client.KubernetesClient nowhere = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
            .withConfig(config).build();
        KubernetesAgents agents = KubernetesAgents.builder(nowhere).run(MockCluster.RUN)
            .settings(JobSettings.of("img").withNamespace(MockCluster.NS)).transfer(cluster.transfer)
            .commands((r, w, p) -> MockCluster.command()).build()) {
      AgentOutcome o = outcome(agents.launch(MockCluster.request("auth")));
      assertThat(o.kind()).isEqualTo(Kind.FAILED_TO_START);
      assertThat(o.reason().orElseThrow()).as("not fabric8's bare 'An error has occurred.'")
          .contains("ConnectException").contains("is the cluster at http://127.0.0.1:" + port + "/ reachable? porch uses"
              + " the kubeconfig kubectl would");
    }
  }

  @Test
  void outcome_agentFailureKeepsItsExitCodeAndFetchesItsCommits() throws Exception {
    try (KubernetesAgents agents = cluster.launcher().build()) {
      AgentHandle h = agents.launch(MockCluster.request("auth"));
      Pod pod = cluster.createPod(cluster.awaitJob("auth", 1), "n1");
      cluster.terminated(pod, 3, "porch-pod: exit=3 step=done commit=" + COMMIT);
      cluster.jobCondition("auth", 1, "Failed", "BackoffLimitExceeded");
      AgentOutcome o = outcome(h);
      assertThat(o.kind()).isEqualTo(Kind.EXITED);
      assertThat(o.exitCode()).hasValue(3);
      assertThat(o.reason()).hasValue("agent exited with code 3");
      assertThat(cluster.transfer.fetched).containsExactly("auth@" + COMMIT);
    }
  }

  @Test
  void outcome_nothingPushedNothingFetched() throws Exception {
    try (KubernetesAgents agents = cluster.launcher().build()) {
      AgentHandle h = agents.launch(MockCluster.request("idle"));
      Pod pod = cluster.createPod(cluster.awaitJob("idle", 1), "n1");
      cluster.terminated(pod, 0, "porch-pod: exit=0 step=done commit=" + MockCluster.BASE);
      cluster.jobCondition("idle", 1, "Complete", "CompletionsReached");
      assertThat(outcome(h).succeeded()).isTrue();
      assertThat(cluster.transfer.fetched).as("the branch is where porch pushed it").isEmpty();
    }
  }

  @Test
  void outcome_podScriptStepFailureNamesTheStep() throws Exception {
    try (KubernetesAgents agents = cluster.launcher().build()) {
      AgentHandle h = agents.launch(MockCluster.request("auth"));
      Pod pod = cluster.createPod(cluster.awaitJob("auth", 1), "n1");
      cluster.terminated(pod, 91, "porch-pod: exit=91 step=clone commit=none why=fatal: could not read Username");
      cluster.jobCondition("auth", 1, "Failed", "BackoffLimitExceeded");
      AgentOutcome o = outcome(h);
      assertThat(o.exitCode()).hasValue(91);
      assertThat(o.reason().orElseThrow()).isEqualTo("the pod script's clone step failed in pod "
          + pod.getMetadata().getName() + ": fatal: could not read Username");
    }
  }

  @Test
  void cancel_deletesTheJobWithForegroundPropagation() throws Exception {
    try (KubernetesAgents agents = cluster.launcher().build()) {
      AgentHandle h = agents.launch(MockCluster.request("auth"));
      String name = cluster.jobName("auth", 1);
      cluster.requests(); // what came before
      h.cancel("the pattern chose another agent");
      h.cancel("twice is harmless");
      AgentOutcome o = outcome(h);
      assertThat(o.kind()).isEqualTo(Kind.CANCELLED);
      assertThat(o.reason()).hasValue("the pattern chose another agent");
      List<RecordedRequest> deletes = cluster.requests().stream().filter(r -> r.getMethod().equals("DELETE")).toList();
      assertThat(deletes).singleElement().satisfies(r -> {
        assertThat(r.getPath()).startsWith("/apis/batch/v1/namespaces/agents/jobs/" + name);
        assertThat(r.getUtf8Body()).contains("\"propagationPolicy\":\"Foreground\"");
      });
      assertThat(cluster.client.batch().v1().jobs().inNamespace(MockCluster.NS).withName(name).get()).isNull();
    }
  }

  @Test
  void cancel_beforeTheJobExistsCreatesNothing() throws Exception {
    java.util.concurrent.CountDownLatch pushing = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    MockCluster.RecordingTransfer slow = new MockCluster.RecordingTransfer() {
      @Override
      public String push(dev.porch.core.port.Workspace ws) {
        pushing.countDown();
        try {
          release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.push(ws);
      }
    };
    try (KubernetesAgents agents = KubernetesAgents.builder(cluster.client).run(MockCluster.RUN)
        .settings(JobSettings.of("img").withNamespace(MockCluster.NS)).transfer(slow)
        .commands((r, w, p) -> MockCluster.command()).build()) {
      AgentHandle h = agents.launch(MockCluster.request("auth"));
      assertThat(pushing.await(20, TimeUnit.SECONDS)).isTrue();
      h.cancel("stopped by the user");
      release.countDown();
      assertThat(outcome(h).kind()).isEqualTo(Kind.CANCELLED);
    }
    assertThat(cluster.client.batch().v1().jobs().inNamespace(MockCluster.NS).list().getItems()).isEmpty();
  }

  @Test
  void cancel_whileTheJobIsBeingCreated_returnsAtOnceAndDeletesTheJobAfter() throws Exception {
    cluster.server.expect().post().delay(3, TimeUnit.SECONDS).withPath("/apis/batch/v1/namespaces/agents/jobs")
        .andReturn(201, "{\"apiVersion\": \"batch/v1\", \"kind\": \"Job\", \"metadata\": {\"name\": \"x\"}}").once();
    try (KubernetesAgents agents = cluster.launcher().build()) {
      AgentHandle h = agents.launch(MockCluster.request("auth"));
      List<RecordedRequest> seen = new java.util.ArrayList<>();
      Poll.until("the Job's creation on its way", WAIT, () -> {
        try {
          seen.addAll(cluster.requests());
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
        return seen.stream().anyMatch(r -> r.getMethod().equals("POST"));
      });
      java.util.concurrent.CompletableFuture.runAsync(() -> h.cancel("stopped by the user"))
          .get(1, TimeUnit.SECONDS); // the engine's thread must never wait for the API server
      AgentOutcome o = outcome(h);
      assertThat(o.kind()).isEqualTo(Kind.CANCELLED);
      assertThat(o.reason()).hasValue("stopped by the user");
      assertThat(cluster.requests()).as("the Job created meanwhile is deleted right after")
          .anyMatch(r -> r.getMethod().equals("DELETE") && r.getPath().contains("/jobs/porch-auth-a1-"));
    }
  }

  @Test
  void outcome_deadlineExceededIsTimedOut() throws Exception {
    try (KubernetesAgents agents = cluster.launcher().build()) {
      AgentHandle h = agents.launch(MockCluster.request("slow").withTimeout(Duration.ofSeconds(90)));
      Job job = cluster.awaitJob("slow", 1);
      assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(90L);
      cluster.createPod(job, "n1");
      cluster.jobCondition("slow", 1, "Failed", "DeadlineExceeded");
      AgentOutcome o = outcome(h);
      assertThat(o.kind()).isEqualTo(Kind.TIMED_OUT);
      assertThat(o.reason().orElseThrow()).startsWith("ran past its timeout of 1m30s (the Job's activeDeadlineSeconds)");
      assertThat(cluster.transfer.fetched).isEmpty();
    }
  }

  @Test
  void outcome_imagePullFailureInOneLine() throws Exception {
    try (KubernetesAgents agents = cluster.launcher().build()) {
      AgentHandle h = agents.launch(MockCluster.request("auth"));
      Job job = cluster.awaitJob("auth", 1);
      Pod pod = cluster.createPod(job, "n1");
      cluster.podStatus(pod, s -> {
        s.setPhase("Pending");
        s.setContainerStatuses(List.of(new ContainerStatusBuilder().withName("agent").withImage("ghcr.io/porch/agent:1")
            .withNewState().withNewWaiting().withReason("ErrImagePull").withMessage("rpc error: code = NotFound\n"
                + "  desc = failed to pull and unpack image \"ghcr.io/porch/agent:1\": not found").endWaiting().endState()
            .build()));
        return s;
      });
      AgentOutcome o = outcome(h);
      assertThat(o.kind()).isEqualTo(Kind.FAILED_TO_START);
      assertThat(o.reason().orElseThrow()).isEqualTo("Job " + job.getMetadata().getName() + ": image ghcr.io/porch/agent:1"
          + " cannot be pulled (ErrImagePull): rpc error: code = NotFound desc = failed to pull and unpack image"
          + " \"ghcr.io/porch/agent:1\": not found");
      Poll.until("the Job deleted", WAIT, () -> cluster.client.batch().v1().jobs().inNamespace(MockCluster.NS)
          .withName(job.getMetadata().getName()).get() == null);
    }
  }

  @Test
  void outcome_missingSecretFailsToStartInOneLine() throws Exception {
    try (KubernetesAgents agents = cluster.launcher().build()) {
      AgentHandle h = agents.launch(MockCluster.request("auth"));
      Job job = cluster.awaitJob("auth", 1);
      cluster.podStatus(cluster.createPod(job, "n1"), s -> {
        s.setPhase("Pending");
        s.setContainerStatuses(List.of(new ContainerStatusBuilder().withName("agent").withImage("ghcr.io/porch/agent:1")
            .withNewState().withNewWaiting().withReason("CreateContainerConfigError")
            .withMessage("secret \"agent-keys\" not found").endWaiting().endState().build()));
        return s;
      });
      AgentOutcome o = outcome(h);
      assertThat(o.kind()).isEqualTo(Kind.FAILED_TO_START);
      assertThat(o.reason()).hasValue("Job " + job.getMetadata().getName()
          + ": the container cannot be created (CreateContainerConfigError): secret \"agent-keys\" not found");
      Poll.until("the Job deleted", WAIT, () -> cluster.client.batch().v1().jobs().inNamespace(MockCluster.NS)
          .withName(job.getMetadata().getName()).get() == null);
    }
  }

  private static Pod unschedulable(MockCluster cluster, Pod pod) {
    return cluster.podStatus(pod, s -> {
      s.setPhase("Pending");
      s.setConditions(List.of(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
          .withReason("Unschedulable").withMessage("0/3 nodes are available: 3 Insufficient cpu.").build()));
      return s;
    });
  }

  @Test
  void outcome_unschedulablePastTheScheduleTimeoutFailsToStart() throws Exception {
    try (KubernetesAgents agents = cluster.launcher().scheduleTimeout(Duration.ZERO).build()) {
      AgentHandle h = agents.launch(MockCluster.request("big"));
      Job job = cluster.awaitJob("big", 1);
      Pod pod = unschedulable(cluster, cluster.createPod(job, null));
      AgentOutcome o = outcome(h);
      assertThat(o.kind()).isEqualTo(Kind.FAILED_TO_START);
      assertThat(o.reason().orElseThrow()).isEqualTo("pod " + pod.getMetadata().getName() + " of Job "
          + job.getMetadata().getName() + " could not be scheduled within 0s: 0/3 nodes are available: 3 Insufficient cpu.");
      Poll.until("the Job deleted", WAIT, () -> cluster.client.batch().v1().jobs().inNamespace(MockCluster.NS)
          .withName(job.getMetadata().getName()).get() == null);
    }
  }

  @Test
  void activity_unschedulableIsANoticeUntilPlaced() throws Exception {
    try (KubernetesAgents agents = cluster.launcher().build()) {
      AgentHandle h = agents.launch(MockCluster.request("big"));
      Pod pod = unschedulable(cluster, cluster.createPod(cluster.awaitJob("big", 1), null));
      Poll.until("a notice", WAIT, () -> h.activity().flatMap(AgentActivity::notice).isPresent());
      assertThat(h.activity().flatMap(AgentActivity::notice)).hasValue("pod " + pod.getMetadata().getName()
          + " cannot be scheduled: 0/3 nodes are available: 3 Insufficient cpu.");
      assertThat(doing(h)).endsWith("(not scheduled yet)");
      Pod placed = cluster.client.pods().inNamespace(MockCluster.NS).withName(pod.getMetadata().getName()).get();
      placed.getSpec().setNodeName("big-node");
      cluster.client.pods().inNamespace(MockCluster.NS).resource(placed).update();
      cluster.podStatus(placed, s -> {
        s.setConditions(List.of(new PodConditionBuilder().withType("PodScheduled").withStatus("True").build()));
        return s;
      });
      Poll.until("the notice cleared", WAIT, () -> h.activity().flatMap(AgentActivity::notice).isEmpty());
      assertThat(doing(h)).endsWith("on node big-node");
      assertThat(h.outcome()).isNotDone();
    }
  }

  @Test
  void outcome_jobDeletedBysomeoneElseIsCancelled() throws Exception {
    try (KubernetesAgents agents = cluster.launcher().build()) {
      AgentHandle h = agents.launch(MockCluster.request("auth"));
      String name = cluster.jobName("auth", 1);
      cluster.client.batch().v1().jobs().inNamespace(MockCluster.NS).withName(name).delete();
      AgentOutcome o = outcome(h);
      assertThat(o.kind()).isEqualTo(Kind.CANCELLED);
      assertThat(o.reason()).hasValue("the Job " + name + " was deleted outside porch");
    }
  }

  @Test
  void outcome_rateLimitInThePodLogIsFlagged() throws Exception {
    try (KubernetesAgents agents = cluster.launcher().build()) {
      AgentHandle h = agents.launch(MockCluster.request("auth"));
      Pod pod = cluster.createPod(cluster.awaitJob("auth", 1), "n1");
      cluster.server.expect().get().withPath("/api/v1/namespaces/agents/pods/" + pod.getMetadata().getName()
          + "/log?pretty=false&container=agent&tailLines=200")
          .andReturn(200, "working\nAPI Error: 429 rate limit reached\nporch-pod: exit=1 step=done commit=" + MockCluster.BASE + "\n")
          .always();
      cluster.terminated(pod, 1, "porch-pod: exit=1 step=done commit=" + MockCluster.BASE);
      cluster.jobCondition("auth", 1, "Failed", "BackoffLimitExceeded");
      AgentOutcome o = outcome(h);
      assertThat(o.exitCode()).hasValue(1);
      assertThat(o.logTail()).contains("API Error: 429 rate limit reached");
      assertThat(o.rateLimited()).as("the engine's retry policy applies as for local agents").isTrue();
      assertThat(h.logTail(1)).containsExactly("porch-pod: exit=1 step=done commit=" + MockCluster.BASE);
    }
  }
}
