package dev.porch.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.agent.AgentProfiles;
import dev.porch.agent.testing.GitRepo;
import dev.porch.core.error.PorchException;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.AgentRequest;
import dev.porch.core.port.Workspace;
import dev.porch.kubernetes.KubernetesAgents;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .porch.json}'s {@code "kubernetes"} object and the launcher it wires: profiles listed under
 * {@code agents} become Jobs (on fabric8's mock API server, CRUD mode: no cluster runs here), the rest
 * stay local processes under the same engine.
 */
class ClusterLaunchTest {
  private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    QUIET.setLevel(java.util.logging.Level.WARNING);
  }

  @TempDir Path tmp;

  private PorchConfig config(String kubernetes) {
    return PorchConfig.parse(tmp.resolve(PorchConfig.FILE), "{\"remote\": \"upstream\", \"kubernetes\": " + kubernetes + "}");
  }

  private Optional<ClusterLaunch> of(String kubernetes) {
    return ClusterLaunch.of(tmp, config(kubernetes), AgentProfiles.builtIn());
  }

  @Test
  void config_remoteAndKubernetesAreRead() {
    PorchConfig c = config("{\"agents\": [\"claude\"], \"image\": \"img\"}");
    assertThat(c.remote()).isEqualTo("upstream");
    assertThat(c.kubernetesJson()).isPresent();
    assertThat(PorchConfig.defaults().remote()).isEqualTo("origin");
    assertThat(ClusterLaunch.of(tmp, PorchConfig.defaults(), AgentProfiles.builtIn())).isEmpty();
  }

  @Test
  void agents_selectWhatRunsInTheCluster() {
    ClusterLaunch c = of("{\"agents\": [\"claude\", \"codex\"], \"image\": \"img\"}").orElseThrow();
    assertThat(c.inCluster("claude")).isTrue();
    assertThat(c.inCluster("gemini")).isFalse();
    assertThat(of("{\"agents\": [\"*\"], \"image\": \"img\"}").orElseThrow().inCluster("gemini")).isTrue();
  }

  @Test
  void config_errorsNameTheField() {
    assertThatThrownBy(() -> of("{\"image\": \"img\"}")).isInstanceOf(PorchException.class)
        .hasMessageContaining("'kubernetes.agents' must be");
    assertThatThrownBy(() -> of("{\"agents\": [\"*\"], \"imgae\": \"img\"}")).isInstanceOf(PorchException.class)
        .hasMessageContaining("unknown field 'kubernetes.imgae'");
    assertThatThrownBy(() -> of("{\"agents\": [\"*\"], \"image\": \"i\", \"secrets\": {\"K\": \"no-slash\"}}"))
        .hasMessageContaining("'kubernetes.secrets.K' must be \"<secret name>/<key>\"");
    assertThatThrownBy(() -> of("{\"agents\": [\"*\"], \"profiles\": {\"claude\": {\"namespace\": \"a\"}}}"))
        .hasMessageContaining("'kubernetes.profiles.claude.image' must be");
    assertThatThrownBy(() -> of("{\"agents\": [\"*\"], \"image\": \"i\", \"namespace\": \"Bad_NS\"}"))
        .hasMessageContaining("namespace");
    assertThatThrownBy(() -> PorchConfig.parse(tmp.resolve(PorchConfig.FILE), "{\"kubernetes\": 3}"))
        .hasMessageContaining("'kubernetes' must be an object");
  }

  @Test
  void evaluate_localByDefault_clusterPerOptionAndProfile_errorsNameTheField() {
    assertThat(of("{\"agents\": [\"claude\"], \"image\": \"i\"}").orElseThrow().evaluatesInCluster("claude"))
        .as("default local").isFalse();
    ClusterLaunch c = of("{\"agents\": [\"claude\", \"codex\"], \"image\": \"i\", \"evaluate\": \"cluster\","
        + " \"profiles\": {\"codex\": {\"evaluate\": \"local\"}, \"gemini\": {\"image\": \"g\"}}}").orElseThrow();
    assertThat(c.evaluatesInCluster("claude")).isTrue();
    assertThat(c.evaluatesInCluster("codex")).as("the profile's own option").isFalse();
    assertThat(c.evaluatesInCluster("gemini")).as("its agent runs here, so do its tests").isFalse();
    assertThatThrownBy(() -> of("{\"agents\": [\"*\"], \"image\": \"i\", \"evaluate\": \"remote\"}"))
        .hasMessageContaining("'kubernetes.evaluate' must be \"local\"");
    assertThatThrownBy(() -> of("{\"agents\": [\"*\"], \"image\": \"i\", \"profiles\": {\"claude\": {\"evaluate\": 3}}}"))
        .hasMessageContaining("'kubernetes.profiles.claude.evaluate' must be \"local\"");
  }

  @Test
  void evaluator_routesByTheTasksProfile() throws Exception {
    ClusterLaunch c = ClusterLaunch.of(tmp, config("{\"agents\": [\"claude\"], \"image\": \"i\", \"evaluate\":"
        + " \"cluster\"}"), AgentProfiles.builtIn(), () -> {
          throw new IllegalStateException("the cluster's client was asked for");
        }).orElseThrow();
    dev.porch.core.testing.InMemoryStatusStore store = new dev.porch.core.testing.InMemoryStatusStore();
    java.util.List<String> local = new java.util.concurrent.CopyOnWriteArrayList<>();
    dev.porch.core.port.Evaluator e = c.evaluator(r -> {
      local.add(r.workspace().task().value());
      return new dev.porch.core.port.Evaluation(r.workspace().task(), Optional.empty(),
          dev.porch.core.port.DiffStat.EMPTY, java.util.List.of(), 100, Optional.empty());
    }, new dev.porch.agent.testing.CannedWorkspaces(tmp, dev.porch.core.port.DiffStat.EMPTY, java.util.List.of()), store);
    for (String[] t : new String[][] {{"a-1", "claude"}, {"b-1", "gemini"}}) {
      store.write(dev.porch.core.AgentStatus.builder().task(dev.porch.core.TaskName.of(t[0]))
          .status(dev.porch.core.AgentState.COMPLETE).branch("feature/" + t[0]).worktree(".worktrees/" + t[0]).agent(t[1]).build());
      java.nio.file.Files.createDirectories(tmp.resolve(".worktrees").resolve(t[0]));
    }
    java.util.function.BiFunction<String, Boolean, dev.porch.core.port.EvaluationRequest> req = (task, tests) ->
        new dev.porch.core.port.EvaluationRequest(new dev.porch.core.port.Workspace(dev.porch.core.TaskName.of(task),
            tmp.resolve(".worktrees").resolve(task), ".worktrees/" + task, "feature/" + task, "main", "", java.util.OptionalInt.empty()),
            tests ? Optional.of(dev.porch.core.port.TestCommand.of("true")) : Optional.empty(), java.time.Duration.ofMinutes(1));
    e.evaluate(req.apply("b-1", true));
    e.evaluate(req.apply("a-1", false));
    assertThat(local).as("a local agent's task, and a task without tests").containsExactly("b-1", "a-1");
    assertThatThrownBy(() -> e.evaluate(req.apply("a-1", true))).as("a cluster agent's tests go to the cluster")
        .hasMessage("the cluster's client was asked for");
  }

  @Test
  void config_resourceQuantityCheckedWhenRead() {
    assertThatThrownBy(() -> of("{\"agents\": [\"*\"], \"image\": \"i\", \"requests\": {\"cpu\": \"lots\"}}"))
        .isInstanceOf(PorchException.class).hasMessageEndingWith(": kubernetes: 'lots' for cpu is not a resource quantity"
            + " (such as 500m, 2, 1.5, 512Mi, 2Gi)");
  }

  @Test
  void client_retriesAFailedRequestThreeTimesNotTen() {
    try (io.fabric8.kubernetes.client.KubernetesClient c = ClusterLaunch.client()) {
      assertThat(c.getConfiguration().getRequestRetryBackoffLimit()).isEqualTo(3);
    }
  }

  @Test
  void runLabel_stablePerRepository() {
    assertThat(ClusterLaunch.runLabel(tmp)).isEqualTo(ClusterLaunch.runLabel(tmp.resolve(".")))
        .matches("porch-[0-9a-f]{12}").isNotEqualTo(ClusterLaunch.runLabel(tmp.resolve("other")));
  }

  @Test
  void route_clusterProfileBecomesAJobLocalProfileStaysLocal() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"));
    Path remote = tmp.resolve("remote.git");
    GitRepo.gitIn(tmp, "init", "-q", "--bare", "-b", "main", remote.toString());
    repo.git("remote", "add", "upstream", remote.toString());
    Workspace ws = repo.worktree("auth");
    PorchConfig cfg = PorchConfig.parse(repo.root().resolve(PorchConfig.FILE), """
        {"remote": "upstream", "kubernetes": {"agents": ["claude"], "image": "ghcr.io/me/agents:1",
         "namespace": "agents", "secrets": {"ANTHROPIC_API_KEY": "agent-keys/anthropic"},
         "profiles": {"claude": {"image": "ghcr.io/me/claude:2", "requests": {"cpu": "2"}}}}}
        """);
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init();
    List<AgentRequest> local = new CopyOnWriteArrayList<>();
    try (NamespacedKubernetesClient client = server.createClient();
        ClusterLaunch c = ClusterLaunch.of(repo.root(), cfg, AgentProfiles.builtIn(), server::createClient).orElseThrow()) {
      AgentLauncher routed = c.route(r -> {
        local.add(r);
        throw new IllegalStateException("local launch recorded");
      });
      AgentRequest.Builder b = AgentRequest.builder();
      b.task(ws.task()).workspace(ws).instructions("Add a login form").agent("claude");
      AgentHandle h = routed.launch(b.build());
      assertThat(local).isEmpty();
      Job created = awaitOne(client);
      Container ct = created.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(ct.getImage()).isEqualTo("ghcr.io/me/claude:2");
      assertThat(ct.getResources().getRequests()).containsKey("cpu");
      assertThat(ct.getArgs().get(0)).as("the claude profile's program").isEqualTo("claude");
      assertThat(ct.getArgs()).as("the rendered prompt, naming the pod's paths, never this machine's")
          .anyMatch(a -> a.contains("Add a login form") && a.contains("/workspace/repo"))
          .noneMatch(a -> a.contains(tmp.toString()));
      Map<String, EnvVar> env = new HashMap<>();
      ct.getEnv().forEach(e -> env.put(e.getName(), e));
      assertThat(env.get("PORCH_REMOTE_URL").getValue()).isEqualTo(remote.toString());
      assertThat(env.get("PORCH_PROMPT").getValue()).contains("Add a login form").contains("/workspace/repo")
          .doesNotContain(tmp.toString());
      assertThat(env.get("ANTHROPIC_API_KEY").getValueFrom().getSecretKeyRef().getName()).isEqualTo("agent-keys");
      assertThat(GitRepo.gitIn(remote, "rev-parse", "feature/auth").strip()).as("porch pushed the branch")
          .isEqualTo(repo.git("rev-parse", "feature/auth").strip());
      assertThat(h.activity().flatMap(a -> a.doing())).hasValueSatisfying(d -> assertThat(d).startsWith("Job porch-auth-a1-"));

      AgentRequest.Builder g = AgentRequest.builder();
      g.task(ws.task()).workspace(ws).instructions("x").agent("gemini");
      assertThatThrownBy(() -> routed.launch(g.build())).hasMessage("local launch recorded");
      assertThat(local).extracting(AgentRequest::agent).containsExactly("gemini");
      assertThat(c.cluster()).isInstanceOf(KubernetesAgents.class);

      // porch recover in a new porch: the RUNNING status of a cluster agent has no pid; its Job is
      // found by label and followed.
      dev.porch.core.AgentStatus running = dev.porch.core.AgentStatus.builder().task(ws.task())
          .status(dev.porch.core.AgentState.RUNNING).branch("feature/auth").worktree(".worktrees/auth").agent("claude")
          .base("main").build();
      try (ClusterLaunch again = ClusterLaunch.of(repo.root(), cfg, AgentProfiles.builtIn(), server::createClient)
          .orElseThrow()) {
        AgentLauncher next = again.route(r -> {
          throw new IllegalStateException("no local launch");
        });
        Optional<AgentHandle> found = next.reattach(running);
        assertThat(found).isPresent();
        assertThat(found.get().outcome()).isNotDone();
        assertThat(next.reattach(dev.porch.core.AgentStatus.builder().task(ws.task())
            .status(dev.porch.core.AgentState.RUNNING).branch("feature/auth").worktree(".worktrees/auth").agent("gemini")
            .build()))
            .as("a local profile without a pid: nothing to adopt").isEmpty();
      }
    } finally {
      server.destroy();
    }
  }

  /** The one Job of task auth, once the launcher's worker created it. */
  private static Job awaitOne(NamespacedKubernetesClient client) {
    dev.porch.agent.testing.Poll.until("the Job of auth", java.time.Duration.ofSeconds(30), () -> !client.batch().v1()
        .jobs().inNamespace("agents").withLabel("porch.dev/task", "auth").list().getItems().isEmpty());
    return client.batch().v1().jobs().inNamespace("agents").withLabel("porch.dev/task", "auth").list().getItems().get(0);
  }
}
