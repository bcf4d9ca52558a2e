package dev.porch.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.agent.testing.FakeAgent;
import dev.porch.agent.testing.GitRepo;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.MergeResult;
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
}
