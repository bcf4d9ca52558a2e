package dev.porch.kubernetes;

import dev.porch.core.TaskName;
import dev.porch.core.port.AgentRequest;
import dev.porch.core.port.Workspace;
import dev.porch.kubernetes.internal.Names;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * fabric8's Kubernetes mock server in CRUD mode (objects stored, watches fed, no controllers, no
 * kubelet) and what the tests do in place of a cluster: create the pod a Job would get, move its
 * status, mark the Job complete or failed. No cluster runs on this machine, so this is the one mock
 * porch's tests accept (docs/kubernetes.md); the git transfer itself is tested for real.
 */
final class MockCluster implements AutoCloseable {
  static final String RUN = "run-1";
  static final String NS = "agents";
  static final String BASE = "0123456789abcdef0123456789abcdef01234567";

  /** The mock server logs every request through java.util.logging; kept here so the level sticks. */
  private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    QUIET.setLevel(java.util.logging.Level.WARNING);
  }

  private final Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
  /** CRUD, plus expectations where CRUD has nothing to say (a pod's log). */
  final KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
      new KubernetesMixedDispatcher(expectations), false);
  final NamespacedKubernetesClient client;
  final RecordingTransfer transfer = new RecordingTransfer();

  MockCluster() {
    server.init();
    client = server.createClient();
  }

  KubernetesAgents.Builder launcher() {
    return KubernetesAgents.builder(client).run(RUN).settings(JobSettings.of("ghcr.io/porch/agent:1").withNamespace(NS))
        .transfer(transfer).commands((r, worktree, prompt) -> command());
  }

  static ContainerCommand command() {
    return new ContainerCommand(List.of("claude", "-p", "{prompt}"), "Do the task", Map.of(),
        List.of(Pattern.compile("rate limit")));
  }

  static Workspace workspace(String task) {
    return new Workspace(TaskName.of(task), Path.of("/nowhere/.worktrees/" + task).toAbsolutePath(),
        ".worktrees/" + task, "feature/" + task, "main", BASE, OptionalInt.empty());
  }

  static AgentRequest request(String task) {
    return requestBuilder(task).build();
  }

  static AgentRequest.Builder requestBuilder(String task) {
    return requestBuilder(workspace(task));
  }

  static AgentRequest.Builder requestBuilder(Workspace ws) {
    AgentRequest.Builder b = AgentRequest.builder();
    b.task(ws.task()).workspace(ws).instructions("Add a login form").agent("claude");
    return b;
  }

  /** The name of the newest Job of {@code task}'s {@code attempt} (names carry a hash new for every launch). */
  String jobName(String task, int attempt) {
    return awaitJob(task, attempt).getMetadata().getName();
  }

  /** Waits until a Job of the task's attempt exists; the newest one (by porch's launch annotation). */
  Job awaitJob(String task, int attempt) {
    java.util.concurrent.atomic.AtomicReference<Job> found = new java.util.concurrent.atomic.AtomicReference<>();
    dev.porch.agent.testing.Poll.until("a Job of " + task + " attempt " + attempt, java.time.Duration.ofSeconds(20), () -> {
      jobs(task, attempt).stream().max(java.util.Comparator.comparing(j -> j.getMetadata().getAnnotations()
          .get(Names.LAUNCHED_ANNOTATION))).ifPresent(found::set);
      return found.get() != null;
    });
    return found.get();
  }

  /** This run's Jobs of the task's attempt. */
  List<Job> jobs(String task, int attempt) {
    return client.batch().v1().jobs().inNamespace(NS).withLabel(Names.RUN, RUN).withLabel(Names.TASK, task)
        .withLabel(Names.ATTEMPT, Integer.toString(attempt)).list().getItems();
  }

  /** The pod the Job controller would make: the Job's pod template, a name, optionally a node. */
  Pod createPod(Job job, String node) {
    Pod p = new PodBuilder().withNewMetadata().withName(job.getMetadata().getName() + "-x7k2p")
        .withNamespace(NS).withLabels(job.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
        .withSpec(job.getSpec().getTemplate().getSpec()).build();
    if (node != null) {
      p.getSpec().setNodeName(node);
    }
    return client.pods().inNamespace(NS).resource(p).create();
  }

  Pod podStatus(Pod p, UnaryOperator<PodStatus> change) {
    Pod now = client.pods().inNamespace(NS).withName(p.getMetadata().getName()).get();
    now.setStatus(change.apply(now.getStatus() == null ? new PodStatus() : now.getStatus()));
    return client.pods().inNamespace(NS).resource(now).updateStatus();
  }

  /** The pod's agent container as the kubelet reports it once it terminated. */
  Pod terminated(Pod p, int exit, String message) {
    return podStatus(p, s -> {
      s.setPhase(exit == 0 ? "Succeeded" : "Failed");
      s.setContainerStatuses(List.of(new ContainerStatusBuilder().withName(Names.CONTAINER).withImage("ghcr.io/porch/agent:1")
          .withNewState().withNewTerminated().withExitCode(exit).withMessage(message).withReason(exit == 0 ? "Completed" : "Error")
          .endTerminated().endState().build()));
      return s;
    });
  }

  /** Sets a Job condition of type {@code type} with {@code reason}, as the Job controller does. */
  Job jobCondition(String task, int attempt, String type, String reason) {
    Job j = awaitJob(task, attempt);
    JobStatusBuilder b = new JobStatusBuilder().withConditions(new JobConditionBuilder().withType(type)
        .withStatus("True").withReason(reason).build());
    b = type.equals("Complete") ? b.withSucceeded(1) : b.withFailed(1);
    j.setStatus(b.build());
    return client.batch().v1().jobs().inNamespace(NS).resource(j).updateStatus();
  }

  /** Every request the mock server received so far, in order. */
  List<RecordedRequest> requests() throws InterruptedException {
    List<RecordedRequest> out = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
      out.add(r);
    }
    return out;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  /** Records pushes and fetches instead of running git; fails on demand. */
  static class RecordingTransfer implements BranchTransfer {
    final List<Workspace> pushed = new CopyOnWriteArrayList<>();
    final List<String> fetched = new CopyOnWriteArrayList<>();
    volatile RuntimeException failPush;

    @Override
    public String remoteUrl() {
      return "https://git.example.invalid/me/app.git";
    }

    @Override
    public String push(Workspace workspace) {
      if (failPush != null) {
        throw failPush;
      }
      pushed.add(workspace);
      return BASE;
    }

    @Override
    public void fetch(Workspace workspace, String commit) {
      fetched.add(workspace.task() + "@" + commit);
    }
  }
}
