package dev.porch.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.agent.ProcessEvaluator;
import dev.porch.agent.testing.FakeAgent;
import dev.porch.agent.testing.GitRepo;
import dev.porch.core.AgentStatus;
import dev.porch.core.Orchestrator;
import dev.porch.core.RunRequest;
import dev.porch.core.RunResult;
import dev.porch.core.TaskName;
import dev.porch.core.pattern.Patterns;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.MergeResult;
import dev.porch.core.port.TestCommand;
import dev.porch.core.port.TestResult;
import dev.porch.core.testing.InMemoryStatusStore;
import dev.porch.core.port.Workspace;
import dev.porch.git.GitRemotes;
import dev.porch.git.GitWorkspaces;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workspace transfer for real: a bare repository stands in for the remote, porch pushes the
 * task's branch with {@link GitRemotes}, a local process runs the Job's container exactly as the
 * Job spec says ({@link LocalPod}: the committed pod script, the fake agent), the script clones,
 * runs the agent, commits, pushes; porch fetches the branch into the worktree and merges it. Only
 * the API server is the mock.
 */
class TransferTest {
  private static final String PROMPT = "Add a login form.\nUse {braces} and \"quotes\" and $HOME as they are.";
  private final MockCluster cluster = new MockCluster();
  @TempDir Path tmp;
  private GitRepo repo;
  private Path remote;
  private BranchTransfer transfer;

  @BeforeEach
  void setUp() {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")),
        "no /bin/sh here (Windows): the pod script is POSIX sh and runs in a Linux container, not on this machine");
    remote = tmp.resolve("remote.git");
    GitRepo.gitIn(tmp, "init", "-q", "--bare", "-b", "main", remote.toString());
    repo = GitRepo.init(tmp.resolve("repo"));
    repo.git("remote", "add", "origin", remote.toString());
    repo.git("push", "-q", "origin", "main");
    GitRemotes origin = GitRemotes.open(repo.root(), "origin", Duration.ofMinutes(1));
    transfer = new BranchTransfer() {
      @Override
      public String remoteUrl() {
        return origin.url();
      }

      @Override
      public String push(Workspace ws) {
        return origin.push(ws);
      }

      @Override
      public void fetch(Workspace ws, String commit) {
        origin.fetch(ws, commit);
      }
    };
    cluster.client.secrets().inNamespace(MockCluster.NS).resource(new SecretBuilder().withNewMetadata()
        .withName("agent-keys").endMetadata().withData(Map.of("anthropic",
            Base64.getEncoder().encodeToString("sk-ant-test".getBytes(StandardCharsets.UTF_8)))).build()).create();
  }

  @AfterEach
  void close() {
    cluster.close();
  }

  private KubernetesAgents launcher(List<String> agentArgs) {
    JobSettings s = JobSettings.of("ghcr.io/porch/agent:1").withNamespace(MockCluster.NS)
        .withSecretEnv(Map.of("ANTHROPIC_API_KEY", new SecretKey("agent-keys", "anthropic")));
    return KubernetesAgents.builder(cluster.client).run(MockCluster.RUN).settings(s).transfer(transfer)
        .commands((r, worktree, promptFile) -> new ContainerCommand(
            FakeAgent.command(agentArgs.stream().map(a -> a.replace("{prompt_file}", promptFile)).toArray(String[]::new)),
            PROMPT, Map.of(), List.of()))
        .build();
  }

  /** Plays the cluster: runs the Job's pod here, then reports its end through the API as a kubelet would. */
  private LocalPod.Result runPod(String task) throws Exception {
    Job job = cluster.awaitJob(task, 1);
    Pod pod = cluster.createPod(job, "local");
    LocalPod.Result r = LocalPod.run(cluster.client, job, tmp.resolve("pod-" + task));
    cluster.terminated(pod, r.exit(), r.terminationMessage());
    cluster.jobCondition(task, 1, r.exit() == 0 ? "Complete" : "Failed", r.exit() == 0 ? "CompletionsReached"
        : "BackoffLimitExceeded");
    return r;
  }

  private static AgentOutcome outcome(AgentHandle h) throws Exception {
    return h.outcome().get(60, TimeUnit.SECONDS);
  }

  @Test
  void transfer_leftoversCommittedPushedFetchedAndMerged() throws Exception {
    Workspace ws = repo.worktree("auth");
    Path record = tmp.resolve("agent.json");
    try (KubernetesAgents agents = launcher(List.of("--record-file", record.toString(), "{prompt_file}",
        "--write", "login.txt", "form\n"))) {
      AgentHandle h = agents.launch(MockCluster.requestBuilder(ws).build());
      LocalPod.Result pod = runPod("auth");
      assertThat(pod.exit()).as(pod.output()).isZero();
      AgentOutcome o = outcome(h);
      assertThat(o.succeeded()).as(o.toString()).isTrue();
    }
    // What the agent saw: the clone as its working directory, the prompt file, porch's variables, the key.
    JsonNode seen = new ObjectMapper().readTree(record.toFile());
    Path clone = tmp.resolve("pod-auth").resolve("repo");
    assertThat(Path.of(seen.path("cwd").asText()).toRealPath()).isEqualTo(clone.toRealPath());
    assertThat(new String(Base64.getDecoder().decode(seen.path("file").asText()), StandardCharsets.UTF_8)).isEqualTo(PROMPT);
    JsonNode env = seen.path("env");
    assertThat(env.path("PORCH_TASK").asText()).isEqualTo("auth");
    assertThat(env.path("PORCH_BRANCH").asText()).isEqualTo("feature/auth");
    assertThat(env.path("PORCH_ATTEMPT").asText()).isEqualTo("1");
    assertThat(env.path("ANTHROPIC_API_KEY").asText()).as("from the Secret, never from the spec").isEqualTo("sk-ant-test");
    assertThat(env.has("PORCH_PROMPT")).as("the prompt reaches the agent as a file only").isFalse();
    assertThat(Path.of(env.path("PORCH_WORKTREE").asText()).toRealPath()).isEqualTo(clone.toRealPath());

    // The worktree here now holds the pod's commit: the leftover commit the script made.
    assertThat(Files.readString(ws.path().resolve("login.txt"))).isEqualTo("form\n");
    assertThat(GitRepo.gitIn(ws.path(), "status", "--porcelain")).isEmpty();
    assertThat(GitRepo.gitIn(ws.path(), "log", "-1", "--format=%s")).startsWith("Work of auth left uncommitted");
    assertThat(repo.git("rev-parse", "feature/auth")).isEqualTo(GitRepo.gitIn(remote, "rev-parse", "feature/auth"));

    // The rest is as for local agents: merge into main.
    repo.git("config", "user.name", "Test");
    repo.git("config", "user.email", "test@porch.test");
    Files.writeString(repo.root().resolve(".git/info/exclude"), ".worktrees/\n");
    try (GitWorkspaces git = GitWorkspaces.open(repo.root())) {
      MergeResult m = git.merge("feature/auth", "main", "Merge auth");
      assertThat(m.succeeded()).as(m.toString()).isTrue();
    }
    assertThat(Files.readString(repo.root().resolve("login.txt"))).isEqualTo("form\n");
  }

  @Test
  void transfer_failingAgentsOwnCommitIsFetchedAndNothingElse() throws Exception {
    Workspace ws = repo.worktree("auth");
    try (KubernetesAgents agents = launcher(List.of("--write", "a.txt", "1", "--commit", "half done",
        "--write", "b.txt", "2", "--exit", "4"))) {
      AgentHandle h = agents.launch(MockCluster.requestBuilder(ws).build());
      LocalPod.Result pod = runPod("auth");
      assertThat(pod.exit()).as(pod.output()).isEqualTo(4);
      assertThat(pod.terminationMessage()).startsWith("porch-pod: exit=4 step=done commit=");
      AgentOutcome o = outcome(h);
      assertThat(o.exitCode()).hasValue(4);
      assertThat(o.reason()).hasValue("agent exited with code 4");
    }
    assertThat(GitRepo.gitIn(ws.path(), "log", "-1", "--format=%s").strip()).isEqualTo("half done");
    assertThat(ws.path().resolve("a.txt")).exists();
    assertThat(ws.path().resolve("b.txt")).as("uncommitted work of a failed agent stays in the pod").doesNotExist();
  }

  @Test
  void transfer_agentMissingFromTheImageSaysSoInOneLine() throws Exception {
    Workspace ws = repo.worktree("auth");
    JobSettings s = JobSettings.of("ghcr.io/porch/agent:1").withNamespace(MockCluster.NS);
    try (KubernetesAgents agents = KubernetesAgents.builder(cluster.client).run(MockCluster.RUN).settings(s)
        .transfer(transfer).commands((r, w, p) -> new ContainerCommand(List.of("no-such-agent-cli", "-p"), PROMPT,
            Map.of(), List.of())).build()) {
      AgentHandle h = agents.launch(MockCluster.requestBuilder(ws).build());
      LocalPod.Result pod = runPod("auth");
      assertThat(pod.exit()).as(pod.output()).isEqualTo(95);
      AgentOutcome o = outcome(h);
      assertThat(o.reason().orElseThrow()).startsWith("the pod script's setup step failed in pod ")
          .contains(": porch-pod: the agent's program no-such-agent-cli is not in this image (PATH=");
    }
  }

  @Test
  void transfer_remoteBranchMovedMeanwhileIsNotOverwritten() throws Exception {
    Workspace ws = repo.worktree("auth");
    try (KubernetesAgents agents = launcher(List.of("--write", "mine.txt", "x"))) {
      AgentHandle h = agents.launch(MockCluster.requestBuilder(ws).build());
      Job job = cluster.awaitJob("auth", 1);
      // Someone pushes to the remote's feature/auth after porch did: the pod must not force over it.
      Path other = tmp.resolve("other");
      GitRepo.gitIn(tmp, "clone", "-q", "-b", "feature/auth", remote.toString(), other.toString());
      Files.writeString(other.resolve("theirs.txt"), "y");
      GitRepo.gitIn(other, "add", "-A");
      GitRepo.gitIn(other, "commit", "-q", "-m", "theirs");
      GitRepo.gitIn(other, "push", "-q", "origin", "feature/auth");
      Pod pod = cluster.createPod(job, "local");
      LocalPod.Result r = LocalPod.run(cluster.client, job, tmp.resolve("pod"));
      assertThat(r.exit()).as(r.output()).isEqualTo(94);
      assertThat(r.terminationMessage()).startsWith("porch-pod: exit=94 step=push commit=none why=");
      cluster.terminated(pod, r.exit(), r.terminationMessage());
      cluster.jobCondition("auth", 1, "Failed", "BackoffLimitExceeded");
      AgentOutcome o = outcome(h);
      assertThat(o.reason().orElseThrow()).startsWith("the pod script's push step failed in pod ");
    }
    assertThat(GitRepo.gitIn(remote, "log", "-1", "--format=%s", "feature/auth").strip()).isEqualTo("theirs");
  }

  @Test
  void evaluation_inTheClusterJudgesThePushedCommit_andTheEngineMergesTheWinner() throws Exception {
    repo.git("config", "user.name", "Test");
    repo.git("config", "user.email", "test@porch.test");
    Files.writeString(repo.root().resolve(".git/info/exclude"), ".worktrees/\n");
    JobSettings s = JobSettings.of("ghcr.io/porch/agent:1").withNamespace(MockCluster.NS);
    InMemoryStatusStore store = new InMemoryStatusStore();
    java.util.concurrent.ExecutorService kubelet = java.util.concurrent.Executors.newCachedThreadPool();
    List<String> evaluationPods = new java.util.concurrent.CopyOnWriteArrayList<>();
    // The cluster: every Job porch creates gets its pod, run here by LocalPod, then its end reported.
    io.fabric8.kubernetes.client.Watch watch = cluster.client.batch().v1().jobs().inNamespace(MockCluster.NS)
        .watch(new io.fabric8.kubernetes.client.Watcher<Job>() {
          @Override
          public void eventReceived(Action action, Job job) {
            if (action == Action.ADDED) {
              kubelet.execute(() -> play(job, evaluationPods));
            }
          }

          @Override
          public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
        });
    RunResult r;
    try (GitWorkspaces git = GitWorkspaces.open(repo.root());
        KubernetesAgents agents = KubernetesAgents.builder(cluster.client).run(MockCluster.RUN).settings(s)
            .transfer(transfer).commands((req, worktree, promptFile) -> new ContainerCommand(FakeAgent.command(
                "--write", "answer.txt", req.task().value().endsWith("-2") ? "42\n" : "41\n"), PROMPT, Map.of(),
                List.of())).build();
        Orchestrator o = Orchestrator.builder().workspaces(git).statusStore(store).launcher(agents)
            .evaluator(ProcessEvaluator.builder(repo.root(), git).testSite((ws, command, timeout, log) -> {
              AgentStatus st = store.read(ws.task()).orElseThrow();
              return agents.evaluate(ws, st.agent().orElseThrow(), st.attempt(), command, timeout, log);
            }).build()).build()) {
      // TAP: one test, passing only with the right answer; the plan line names where it ran
      r = o.run(Patterns.competitive(2), RunRequest.builder().feature(TaskName.of("answer")).agent("claude")
          .instructions("Write the answer into answer.txt.")
          .testCommand(TestCommand.shellLine("echo \"1..1 # in $PORCH_WORKTREE for $PORCH_TASK\";"
              + " if grep -qx 42 answer.txt; then echo 'ok 1 - answer'; else echo 'not ok 1 - answer'; exit 1; fi"))
          .build());
      for (String task : List.of("answer-1", "answer-2")) {
        String log = Files.readString(dev.porch.core.StateLayout.of(repo.root()).testLogFile(TaskName.of(task)));
        assertThat(log).as("the pod's log, copied").contains("1..1 # in " + tmp.resolve("pod-eval-" + task)
            .resolve("repo") + " for " + task);
      }
    } finally {
      watch.close();
      kubelet.shutdownNow();
    }
    assertThat(evaluationPods).containsExactlyInAnyOrder("answer-1", "answer-2");
    assertThat(r.decision().winner()).contains(TaskName.of("answer-2"));
    TestResult loser = store.read(TaskName.of("answer-1")).orElseThrow().tests().orElseThrow();
    assertThat(List.of(loser.passed(), loser.exitCode(), loser.passedCount(), loser.failedCount()))
        .containsExactly(false, 1, 0, 1);
    TestResult winner = store.read(TaskName.of("answer-2")).orElseThrow().tests().orElseThrow();
    assertThat(List.of(winner.passed(), winner.exitCode(), winner.passedCount(), winner.failedCount()))
        .containsExactly(true, 0, 1, 0);
    assertThat(winner.format()).hasValue("tap");
    assertThat(Files.readString(repo.root().resolve("answer.txt"))).isEqualTo("42\n");
  }

  /** A kubelet's part for one Job: its pod, run here, then the pod's end and the Job's condition. */
  private void play(Job job, List<String> evaluationPods) {
    try {
      String task = job.getMetadata().getAnnotations().get(dev.porch.kubernetes.internal.Names.TASK_ANNOTATION);
      boolean evaluates = "evaluate".equals(job.getMetadata().getLabels().get(dev.porch.kubernetes.internal.Names.ROLE));
      Pod pod = cluster.createPod(job, "local");
      LocalPod.Result r = LocalPod.run(cluster.client, job, tmp.resolve((evaluates ? "pod-eval-" : "pod-") + task));
      if (evaluates) {
        evaluationPods.add(task);
        cluster.server.expect().get().withPath("/api/v1/namespaces/agents/pods/" + pod.getMetadata().getName()
            + "/log?pretty=false&container=agent").andReturn(200, r.output()).always();
      }
      cluster.terminated(pod, r.exit(), r.terminationMessage());
      Job now = cluster.client.batch().v1().jobs().inNamespace(MockCluster.NS).withName(job.getMetadata().getName()).get();
      now.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder().withConditions(
          new io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder().withType(r.exit() == 0 ? "Complete" : "Failed")
              .withStatus("True").withReason(r.exit() == 0 ? "CompletionsReached" : "BackoffLimitExceeded").build()).build());
      cluster.client.batch().v1().jobs().inNamespace(MockCluster.NS).resource(now).updateStatus();
    } catch (Exception e) {
      throw new AssertionError("the local pod of " + job.getMetadata().getName() + " failed", e);
    }
  }
}
