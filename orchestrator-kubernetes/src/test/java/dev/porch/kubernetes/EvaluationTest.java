package dev.porch.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.agent.ProcessEvaluator;
import dev.porch.agent.testing.CannedWorkspaces;
import dev.porch.agent.testing.Poll;
import dev.porch.core.TaskName;
import dev.porch.core.port.DiffStat;
import dev.porch.core.port.Evaluation;
import dev.porch.core.port.EvaluationRequest;
import dev.porch.core.port.TestCommand;
import dev.porch.core.port.TestResult;
import dev.porch.core.port.Workspace;
import dev.porch.kubernetes.internal.EntryScript;
import dev.porch.kubernetes.internal.Names;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task's test command run in an evaluation Job, against the mock server in CRUD mode: the tests
 * play the Job controller and the kubelet (pod status, the pod's log, the Job's condition), and the
 * {@link ProcessEvaluator} judges what came back as it judges a local run.
 */
class EvaluationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final TestCommand PYTEST = TestCommand.of("python3", "-m", "pytest", "-q");
  private final MockCluster cluster = new MockCluster();
  @TempDir Path tmp;
  private Workspace ws;

  @BeforeEach
  void setUp() throws Exception {
    Path path = tmp.resolve("ws-auth");
    Files.createDirectories(path);
    ws = new Workspace(TaskName.of("auth"), path, "ws-auth", "feature/auth", "main", MockCluster.BASE,
        OptionalInt.of(3100));
  }

  @AfterEach
  void close() {
    cluster.close();
  }

  private KubernetesAgents agents() {
    JobSettings s = JobSettings.of("ghcr.io/porch/agent:1").withNamespace(MockCluster.NS)
        .withResources(Map.of("cpu", "2"), Map.of("memory", "4Gi")).withNodeSelector(Map.of("pool", "agents"))
        .withServiceAccount("porch-agent").withImagePullSecrets(List.of("regcred"))
        .withSecretEnv(Map.of("ANTHROPIC_API_KEY", new SecretKey("agent-keys", "anthropic")));
    return KubernetesAgents.builder(cluster.client).run(MockCluster.RUN).settings(s).transfer(cluster.transfer)
        .commands((r, worktree, prompt) -> MockCluster.command()).build();
  }

  private static ProcessEvaluator evaluator(Path root, KubernetesAgents agents) {
    return ProcessEvaluator.builder(root, new CannedWorkspaces(root, new DiffStat(1, 2, 0), List.of()))
        .testSite((w, command, timeout, log) -> agents.evaluate(w, "claude", 2, command, timeout, log)).build();
  }

  /** Runs the evaluation on its own thread, as the engine does. */
  private CompletableFuture<Evaluation> judge(ProcessEvaluator e, Duration timeout) {
    return CompletableFuture.supplyAsync(() -> e.evaluate(new EvaluationRequest(ws, Optional.of(PYTEST), timeout)));
  }

  /** The kubelet's part: a pod for the Job, its log, its container's end; then the Job's condition. */
  private void podEnds(Job job, int exit, String log, String type, String reason) {
    Pod pod = cluster.createPod(job, "kind-worker");
    cluster.server.expect().get().withPath("/api/v1/namespaces/agents/pods/" + pod.getMetadata().getName()
        + "/log?pretty=false&container=agent").andReturn(200, log).always();
    cluster.terminated(pod, exit, "porch-pod: exit=" + exit + " step=done commit=" + MockCluster.BASE + "\n");
    cluster.jobCondition("auth", 2, type, reason);
  }

  @Test
  void evaluationJob_specFieldByField() throws Exception {
    try (KubernetesAgents agents = agents()) {
      CompletableFuture<Evaluation> f = judge(evaluator(tmp, agents), Duration.ofMinutes(7));
      Job job = cluster.awaitJob("auth", 2);
      assertThat(job.getMetadata().getName()).startsWith("porch-eval-auth-a2-").hasSizeLessThanOrEqualTo(63);
      assertThat(job.getMetadata().getNamespace()).isEqualTo(MockCluster.NS);
      assertThat(job.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(Names.RUN, MockCluster.RUN,
          Names.TASK, "auth", Names.ATTEMPT, "2", Names.JOB, job.getMetadata().getName(), Names.ROLE, "evaluate"));
      assertThat(job.getMetadata().getAnnotations()).containsEntry(Names.BASE_ANNOTATION, MockCluster.BASE)
          .containsEntry(Names.BRANCH_ANNOTATION, "feature/auth").containsEntry(Names.TASK_ANNOTATION, "auth");
      assertThat(job.getSpec().getActiveDeadlineSeconds()).as("the evaluation timeout").isEqualTo(420L);
      assertThat(job.getSpec().getBackoffLimit()).isZero();
      assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(job.getMetadata().getLabels());
      PodSpec pod = job.getSpec().getTemplate().getSpec();
      assertThat(pod.getRestartPolicy()).isEqualTo("Never");
      assertThat(pod.getServiceAccountName()).isEqualTo("porch-agent");
      assertThat(pod.getNodeSelector()).isEqualTo(Map.of("pool", "agents"));
      assertThat(pod.getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("regcred");
      assertThat(pod.getVolumes()).singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
      Container c = pod.getContainers().get(0);
      assertThat(c.getName()).isEqualTo(Names.CONTAINER);
      assertThat(c.getImage()).isEqualTo("ghcr.io/porch/agent:1");
      assertThat(c.getCommand()).as("the same entry script as the agent's Job")
          .containsExactly("sh", "-c", EntryScript.TEXT, "porch-pod");
      assertThat(c.getArgs()).containsExactly("python3", "-m", "pytest", "-q");
      assertThat(c.getResources().getRequests()).isEqualTo(Map.of("cpu", new Quantity("2")));
      assertThat(c.getResources().getLimits()).isEqualTo(Map.of("memory", new Quantity("4Gi")));
      assertThat(c.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
      Map<String, String> plain = c.getEnv().stream().filter(e -> e.getValueFrom() == null)
          .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue, (a, b) -> b, TreeMap::new));
      assertThat(plain).isEqualTo(Map.of("PORCH_POD_MODE", "evaluate", "PORCH_TASK", "auth",
          "PORCH_BRANCH", "feature/auth", "PORCH_BASE", "main", "PORCH_BASE_COMMIT", MockCluster.BASE,
          "PORCH_REMOTE_URL", "https://git.example.invalid/me/app.git", "PORCH_WORKDIR", "/workspace"));
      assertThat(c.getEnv()).filteredOn(e -> e.getValueFrom() != null).singleElement().satisfies(e -> {
        assertThat(e.getName()).isEqualTo("ANTHROPIC_API_KEY");
        assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("agent-keys");
      });
      assertThat(cluster.transfer.pushed).as("the branch porch judges, pushed as it is").containsExactly(ws);
      podEnds(job, 0, "1 passed in 0.01s\n", "Complete", "CompletionsReached");
      f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void evaluate_passingCommandPassesWithCountsAndTheLogCopied() throws Exception {
    try (KubernetesAgents agents = agents()) {
      ProcessEvaluator e = evaluator(tmp, agents);
      CompletableFuture<Evaluation> f = judge(e, Duration.ofMinutes(5));
      podEnds(cluster.awaitJob("auth", 2), 0, "....\n4 passed in 0.12s\n", "Complete", "CompletionsReached");
      Evaluation ev = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      TestResult t = ev.tests().orElseThrow();
      assertThat(t.passed()).isTrue();
      assertThat(t.exitCode()).isZero();
      assertThat(t.timedOut()).isFalse();
      assertThat(t.passedCount()).isEqualTo(4);
      assertThat(t.failedCount()).isZero();
      assertThat(t.format()).hasValue("pytest");
      assertThat(ev.score()).as("100 + 10 * 4/4, less 2 changed lines / 1000").isCloseTo(109.998, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(ev.results()).isEmpty();
      String log = Files.readString(e.testLog(ws));
      assertThat(log).startsWith("=== porch: test command for auth, ").contains("4 passed in 0.12s");
    }
  }

  @Test
  void evaluate_failingCommandFailsWithCountsFromThePodLog() throws Exception {
    try (KubernetesAgents agents = agents()) {
      CompletableFuture<Evaluation> f = judge(evaluator(tmp, agents), Duration.ofMinutes(5));
      podEnds(cluster.awaitJob("auth", 2), 1, "FAILED test_login.py::test_empty - assert 1 == 2\n"
          + "1 failed, 3 passed, 1 skipped in 0.20s\n", "Failed", "BackoffLimitExceeded");
      Evaluation ev = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      TestResult t = ev.tests().orElseThrow();
      assertThat(t.passed()).isFalse();
      assertThat(t.exitCode()).isEqualTo(1);
      assertThat(t.timedOut()).isFalse();
      assertThat(List.of(t.passedCount(), t.failedCount(), t.skippedCount())).containsExactly(3, 1, 1);
      assertThat(ev.score()).as("50 * 3/4, less 2 changed lines / 1000").isCloseTo(37.498, org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void evaluate_pastTheDeadlineIsTimedOut() throws Exception {
    try (KubernetesAgents agents = agents()) {
      CompletableFuture<Evaluation> f = judge(evaluator(tmp, agents), Duration.ofSeconds(30));
      Job job = cluster.awaitJob("auth", 2);
      assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(30L);
      cluster.createPod(job, "kind-worker");
      cluster.jobCondition("auth", 2, "Failed", "DeadlineExceeded");
      TestResult t = f.get(WAIT.toSeconds(), TimeUnit.SECONDS).tests().orElseThrow();
      assertThat(t.timedOut()).isTrue();
      assertThat(t.passed()).isFalse();
      assertThat(t.exitCode()).isEqualTo(-1);
    }
  }

  @Test
  void evaluate_imagePullFailureIsNotJudgedInOneLine() throws Exception {
    try (KubernetesAgents agents = agents()) {
      CompletableFuture<Evaluation> f = judge(evaluator(tmp, agents), Duration.ofMinutes(5));
      Job job = cluster.awaitJob("auth", 2);
      Pod pod = cluster.createPod(job, "kind-worker");
      cluster.podStatus(pod, s -> {
        s.setContainerStatuses(List.of(new ContainerStatusBuilder().withName("agent").withImage("ghcr.io/porch/agent:1")
            .withNewState().withNewWaiting().withReason("ErrImagePull").withMessage("not\nfound").endWaiting().endState()
            .build()));
        return s;
      });
      Evaluation ev = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(ev.passed()).isFalse();
      assertThat(ev.results().orElseThrow()).isEqualTo("not judged: evaluation Job " + job.getMetadata().getName()
          + ": Job " + job.getMetadata().getName() + ": image ghcr.io/porch/agent:1 cannot be pulled (ErrImagePull):"
          + " not found");
      Poll.until("the evaluation Job deleted", WAIT, () -> cluster.client.batch().v1().jobs()
          .inNamespace(MockCluster.NS).withName(job.getMetadata().getName()).get() == null);
    }
  }

  @Test
  void evaluate_unschedulablePastTheScheduleTimeoutIsNotJudgedInOneLine() throws Exception {
    try (KubernetesAgents agents = KubernetesAgents.builder(cluster.client).run(MockCluster.RUN)
        .settings(JobSettings.of("ghcr.io/porch/agent:1").withNamespace(MockCluster.NS)).transfer(cluster.transfer)
        .commands((r, worktree, prompt) -> MockCluster.command()).scheduleTimeout(Duration.ZERO).build()) {
      CompletableFuture<Evaluation> f = judge(evaluator(tmp, agents), Duration.ofMinutes(5));
      Job job = cluster.awaitJob("auth", 2);
      Pod pod = cluster.createPod(job, null);
      cluster.podStatus(pod, s -> {
        s.setPhase("Pending");
        s.setConditions(List.of(new io.fabric8.kubernetes.api.model.PodConditionBuilder().withType("PodScheduled")
            .withStatus("False").withReason("Unschedulable").withMessage("0/3 nodes are available:\n3 Insufficient cpu.")
            .build()));
        return s;
      });
      Evaluation ev = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(ev.passed()).isFalse();
      assertThat(ev.results().orElseThrow()).isEqualTo("not judged: evaluation Job " + job.getMetadata().getName()
          + ": pod " + pod.getMetadata().getName() + " of Job " + job.getMetadata().getName()
          + " could not be scheduled within 0s: 0/3 nodes are available: 3 Insufficient cpu.");
    }
  }

  @Test
  void evaluate_interruptedDeletesTheJobWithForegroundPropagation() throws Exception {
    try (KubernetesAgents agents = agents()) {
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread t = new Thread(() -> {
        try {
          agents.evaluate(ws, "claude", 2, PYTEST, Duration.ofMinutes(5), java.io.OutputStream.nullOutputStream());
        } catch (Throwable e) {
          thrown.set(e);
        }
      });
      t.start();
      String name = cluster.jobName("auth", 2);
      t.interrupt();
      t.join(WAIT.toMillis());
      assertThat(t.isAlive()).isFalse();
      assertThat(thrown.get()).hasMessageContaining("evaluation Job " + name + " of auth was interrupted and deleted");
      List<RecordedRequest> deletes = cluster.requests().stream().filter(r -> r.getMethod().equals("DELETE")).toList();
      assertThat(deletes).singleElement().satisfies(r -> {
        assertThat(r.getPath()).startsWith("/apis/batch/v1/namespaces/agents/jobs/" + name);
        assertThat(r.getUtf8Body()).contains("\"propagationPolicy\":\"Foreground\"");
      });
    }
  }

  @Test
  void close_deletesARunningEvaluationJob_andAdoptNeverTakesOne() throws Exception {
    KubernetesAgents agents = agents();
    CompletableFuture<Evaluation> f = judge(evaluator(tmp, agents), Duration.ofMinutes(5));
    String name = cluster.jobName("auth", 2);
    try (KubernetesAgents other = agents()) {
      assertThat(other.adopt(ws, 2, Instant.EPOCH)).as("recover re-runs an evaluation, never adopts it").isEmpty();
      assertThat(other.jobs()).isEmpty();
    }
    agents.close();
    Evaluation ev = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(ev.results().orElseThrow()).startsWith("not judged: evaluation Job " + name + ": the launcher was closed");
    assertThat(cluster.client.batch().v1().jobs().inNamespace(MockCluster.NS).withName(name).get()).isNull();
  }
}
