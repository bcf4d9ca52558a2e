package dev.porch.project;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.agent.AgentProfiles;
import dev.porch.agent.ProcessEvaluator;
import dev.porch.agent.PromptTemplate;
import dev.porch.agent.RemoteCommand;
import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.error.PorchException;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.AgentRequest;
import dev.porch.core.port.Evaluator;
import dev.porch.core.port.StatusStore;
import dev.porch.core.port.WorkspaceProvider;
import dev.porch.core.port.Workspace;
import dev.porch.git.GitRemotes;
import dev.porch.kubernetes.BranchTransfer;
import dev.porch.kubernetes.ContainerCommand;
import dev.porch.kubernetes.JobSettings;
import dev.porch.kubernetes.KubernetesAgents;
import dev.porch.kubernetes.SecretKey;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Wires {@code .porch.json}'s {@code "kubernetes"} object: which agent profiles run as Kubernetes
 * Jobs, with which {@link JobSettings}, carried through which git remote. {@link #route} gives the
 * engine one launcher that sends those profiles to the cluster and the rest to local processes, so
 * the engine's concurrency limit, retries and timeouts hold for both. The cluster client (kubeconfig
 * or in-cluster config, as kubectl finds it) is made at the first cluster launch only.
 */
final class ClusterLaunch implements AutoCloseable {
  private static final Set<String> FIELDS = Set.of("agents", "image", "namespace", "requests", "limits",
      "node_selector", "service_account", "secrets", "image_pull_secrets", "profiles", "schedule_timeout", "evaluate");

  private final Path root;
  private final PorchConfig config;
  private final AgentProfiles profiles;
  private final Set<String> agents;
  private final Optional<JobSettings> defaults;
  private final Map<String, JobSettings> perProfile;
  private final Optional<Duration> scheduleTimeout;
  /** Whether a task's tests run in the cluster, by agent profile; {@code "*"} for every other profile. */
  private final Map<String, Boolean> evaluateInCluster;
  private final java.util.function.Supplier<KubernetesClient> clients;
  private KubernetesClient client;
  private KubernetesAgents cluster;

  private ClusterLaunch(Path root, PorchConfig config, AgentProfiles profiles, JsonNode k,
      java.util.function.Supplier<KubernetesClient> clients) {
    this.clients = clients;
    this.root = root;
    this.config = config;
    this.profiles = profiles;
    Path file = root.resolve(PorchConfig.FILE);
    check(file, "kubernetes", k);
    List<String> names = new ArrayList<>();
    k.path("agents").forEach(n -> names.add(n.asText()));
    if (names.isEmpty()) {
      throw invalid(file, "kubernetes.agents", "a list of the agent profiles that run in the cluster, or [\"*\"]");
    }
    this.agents = Set.copyOf(names);
    this.defaults = k.hasNonNull("image") ? Optional.of(settings(file, "kubernetes", k, null)) : Optional.empty();
    Map<String, JobSettings> p = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = k.path("profiles").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      check(file, "kubernetes.profiles." + e.getKey(), e.getValue());
      p.put(e.getKey(), settings(file, "kubernetes.profiles." + e.getKey(), e.getValue(), k));
    }
    this.perProfile = Map.copyOf(p);
    Map<String, Boolean> ev = new HashMap<>();
    ev.put("*", evaluate(file, "kubernetes", k, false));
    for (Iterator<Map.Entry<String, JsonNode>> it = k.path("profiles").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      ev.put(e.getKey(), evaluate(file, "kubernetes.profiles." + e.getKey(), e.getValue(), ev.get("*")));
    }
    this.evaluateInCluster = Map.copyOf(ev);
    this.scheduleTimeout = k.hasNonNull("schedule_timeout")
        ? Optional.of(Durations.parse(k.get("schedule_timeout").asText(), file + ": kubernetes.schedule_timeout"))
        : Optional.empty();
  }

  /**
   * Reads the configuration, or empty when {@code .porch.json} has no {@code "kubernetes"} object.
   *
   * @throws PorchException naming the field when it is invalid
   */
  public static Optional<ClusterLaunch> of(Path root, PorchConfig config, AgentProfiles profiles) {
    return of(root, config, profiles, ClusterLaunch::client);
  }

  /** As {@link #of(Path, PorchConfig, AgentProfiles)} with the client made by {@code clients} (tests). */
  static Optional<ClusterLaunch> of(Path root, PorchConfig config, AgentProfiles profiles,
      java.util.function.Supplier<KubernetesClient> clients) {
    return config.kubernetesJson().map(json -> {
      try {
        return new ClusterLaunch(root, config, profiles, new ObjectMapper().readTree(json), clients);
      } catch (JsonProcessingException e) {
        throw new PorchException("cannot read kubernetes in .porch.json: " + e.getOriginalMessage(), e);
      } catch (IllegalArgumentException e) {
        throw new PorchException(root.resolve(PorchConfig.FILE) + ": kubernetes: " + e.getMessage(),
            List.of("see docs/kubernetes.md"), e);
      }
    });
  }

  /**
   * A client configured as kubectl would be (KUBECONFIG, ~/.kube/config, in-cluster), retrying a
   * failed request 3 times instead of fabric8's 10: with its doubling back-off, 10 retries made an
   * unreachable cluster take over a minute to fail each launch.
   */
  static KubernetesClient client() {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.autoConfigure(null))
        .withRequestRetryBackoffLimit(RETRIES).build()).build();
  }

  static final int RETRIES = 3;

  /** Whether agents of {@code profile} run in the cluster. */
  public boolean inCluster(String profile) {
    return agents.contains("*") || agents.contains(profile);
  }

  /**
   * Whether the tests of a task whose agent has {@code profile} run in the cluster: its agent runs
   * there and {@code kubernetes.evaluate} (or the profile's own) is {@code "cluster"}.
   */
  public boolean evaluatesInCluster(String profile) {
    return inCluster(profile) && evaluateInCluster.getOrDefault(profile, evaluateInCluster.get("*"));
  }

  /**
   * One evaluator: {@code local} for tasks judged here, and for those {@link #evaluatesInCluster}
   * the same judging ({@code dev.porch.agent.ProcessEvaluator}: counts, score, diff, RESULTS.md
   * from the fetched branch) with the test command run in an evaluation Job. The task's agent profile
   * and attempt come from its status file.
   */
  public Evaluator evaluator(Evaluator local, WorkspaceProvider workspaces, StatusStore store) {
    Evaluator remote = ProcessEvaluator.builder(root, workspaces).testSite((ws, command, timeout, log) -> {
      AgentStatus s = store.read(ws.task()).orElseThrow();
      return cluster().evaluate(ws, s.agent().orElseThrow(), s.attempt(), command, timeout, log);
    }).build();
    return request -> {
      boolean there = request.testCommand().isPresent() && store.read(request.workspace().task())
          .flatMap(AgentStatus::agent).map(this::evaluatesInCluster).orElse(false);
      return (there ? remote : local).evaluate(request);
    };
  }

  /** One launcher: the cluster for {@link #inCluster} profiles, {@code local} for the rest. */
  public AgentLauncher route(AgentLauncher local) {
    return new AgentLauncher() {
      @Override
      public AgentHandle launch(AgentRequest request) {
        return inCluster(request.agent()) ? cluster().launch(request) : local.launch(request);
      }

      @Override
      public Optional<AgentHandle> reattach(TaskName task, long pid, Instant processStarted) {
        return local.reattach(task, pid, processStarted);
      }

      /** A cluster agent is found again by its Job's labels; a local one by its process. */
      @Override
      public Optional<AgentHandle> reattach(dev.porch.core.AgentStatus status) {
        if (status.pid().isPresent() || !status.agent().map(ClusterLaunch.this::inCluster).orElse(false)) {
          return local.reattach(status);
        }
        Workspace ws = new Workspace(status.task(), root.resolve(status.worktree()).normalize(), status.worktree(),
            status.branch(), status.base().orElse(""), "", java.util.OptionalInt.empty());
        return cluster().adopt(ws, status.attempt(), status.started().orElse(Instant.EPOCH));
      }
    };
  }

  /** The cluster launcher, made at first use. */
  public synchronized KubernetesAgents cluster() {
    if (cluster == null) {
      client = clients.get();
      GitRemotes remote = GitRemotes.open(root, config.remote(), config.gitTimeout().orElse(Duration.ofMinutes(5)));
      KubernetesAgents.Builder b = KubernetesAgents.builder(client).run(runLabel(root))
          .commitLeftovers(config.commitLeftovers())
          .commands((r, worktree, promptFile) -> {
            RemoteCommand c = RemoteCommand.of(profiles, PromptTemplate.defaultTemplate(), r, worktree, promptFile);
            Map<String, String> env = new LinkedHashMap<>(c.environment());
            if (c.stdin()) {
              env.put("PORCH_PROMPT_STDIN", "true");
            }
            return new ContainerCommand(c.argv(), c.prompt(), env, c.rateLimitPatterns());
          })
          .transfer(new BranchTransfer() {
            @Override
            public String remoteUrl() {
              return remote.url();
            }

            @Override
            public String push(Workspace workspace) {
              return remote.push(workspace);
            }

            @Override
            public void fetch(Workspace workspace, String commit) {
              remote.fetch(workspace, commit);
            }
          });
      defaults.ifPresent(b::settings);
      perProfile.forEach(b::profile);
      scheduleTimeout.ifPresent(b::scheduleTimeout);
      cluster = b.build();
    }
    return cluster;
  }

  /** The {@code porch.dev/run} label of this repository's Jobs: stable across porch runs, for recover. */
  static String runLabel(Path root) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(root.toAbsolutePath().normalize().toString()
          .getBytes(StandardCharsets.UTF_8));
      return "porch-" + HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JobSettings settings(Path file, String where, JsonNode n, JsonNode parent) {
    JsonNode image = n.hasNonNull("image") || parent == null ? n.get("image") : parent.get("image");
    if (image == null || !image.isTextual()) {
      throw invalid(file, where + ".image", "the container image (with sh, git and the agent's CLI)");
    }
    JobSettings s = JobSettings.of(image.asText())
        .withNamespace(text(n, parent, "namespace").orElse("default"))
        .withResources(map(file, where, n, parent, "requests"), map(file, where, n, parent, "limits"))
        .withNodeSelector(map(file, where, n, parent, "node_selector"));
    Optional<String> sa = text(n, parent, "service_account");
    if (sa.isPresent()) {
      s = s.withServiceAccount(sa.get());
    }
    Map<String, SecretKey> secrets = new LinkedHashMap<>();
    map(file, where, n, parent, "secrets").forEach((env, ref) -> {
      int slash = ref.indexOf('/');
      if (slash < 1 || slash == ref.length() - 1) {
        throw invalid(file, where + ".secrets." + env, "\"<secret name>/<key>\"");
      }
      secrets.put(env, new SecretKey(ref.substring(0, slash), ref.substring(slash + 1)));
    });
    List<String> pull = new ArrayList<>();
    JsonNode p = n.has("image_pull_secrets") || parent == null ? n.path("image_pull_secrets") : parent.path("image_pull_secrets");
    p.forEach(x -> pull.add(x.asText()));
    return s.withSecretEnv(secrets).withImagePullSecrets(pull);
  }

  private static boolean evaluate(Path file, String where, JsonNode n, boolean inherited) {
    JsonNode v = n.get("evaluate");
    if (v == null || v.isNull()) {
      return inherited;
    }
    if (!v.isTextual() || !Set.of("local", "cluster").contains(v.asText())) {
      throw invalid(file, where + ".evaluate", "\"local\" (tests run on this machine, the default) or \"cluster\""
          + " (in an evaluation Job)");
    }
    return v.asText().equals("cluster");
  }

  private static Optional<String> text(JsonNode n, JsonNode parent, String field) {
    JsonNode v = n.hasNonNull(field) || parent == null ? n.get(field) : parent.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  private static Map<String, String> map(Path file, String where, JsonNode n, JsonNode parent, String field) {
    JsonNode v = n.has(field) || parent == null ? n.get(field) : parent.get(field);
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isObject()) {
      throw invalid(file, where + "." + field, "an object of names to strings");
    }
    v.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static void check(Path file, String where, JsonNode n) {
    if (!n.isObject()) {
      throw invalid(file, where, "an object (see docs/kubernetes.md)");
    }
    n.fieldNames().forEachRemaining(f -> {
      if (!FIELDS.contains(f) || (!where.equals("kubernetes") && Set.of("agents", "profiles", "schedule_timeout").contains(f))) {
        throw new PorchException(file + ": unknown field '" + where + "." + f + "'",
            List.of("known fields: " + String.join(", ", new java.util.TreeSet<>(FIELDS)) + " (see docs/kubernetes.md)"), null);
      }
    });
  }

  private static PorchException invalid(Path file, String field, String expected) {
    return new PorchException(file + ": '" + field + "' must be " + expected, List.of("see docs/kubernetes.md"), null);
  }

  /** Closes the cluster launcher (cancelling what it launched) and the client. */
  @Override
  public synchronized void close() {
    if (cluster != null) {
      cluster.close();
      client.close();
    }
  }
}
