package dev.porch.kubernetes;

import dev.porch.core.error.LaunchException;
import dev.porch.core.error.PorchException;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.AgentRequest;
import dev.porch.core.port.TestCommand;
import dev.porch.core.port.TestResult;
import dev.porch.core.port.Workspace;
import dev.porch.kubernetes.internal.ClusterAttempt;
import dev.porch.kubernetes.internal.JobSpecs;
import dev.porch.kubernetes.internal.Names;
import dev.porch.kubernetes.internal.PodFacts;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link AgentLauncher} that runs each agent attempt as a Kubernetes Job.
 *
 * <p><b>What a launch does.</b> It renders the agent's command ({@link CommandRenderer}), then, on a
 * worker thread, pushes the task's branch to the git remote ({@link BranchTransfer#push}), opens a
 * watch on the Job and its pod, and creates the Job: labels {@code porch.dev/run}, {@code
 * porch.dev/task}, {@code porch.dev/attempt}; {@code backoffLimit: 0} (porch retries, with the same
 * policy as for local agents, one Job per attempt); {@code activeDeadlineSeconds} from the request's
 * timeout; the image, namespace, resources, node selector and service account of the profile's
 * {@link JobSettings}; API keys only as {@code secretKeyRef}s. The container runs porch's pod script
 * ({@code dev/porch/kubernetes/porch-pod.sh}, put into the Job as {@code sh -c}): clone, run the
 * agent with the prompt and {@code PORCH_*} environment, commit leftovers, push {@code
 * feature/<task>}, report in the termination message. When the Job completes, porch fetches the
 * branch into the task's worktree ({@link BranchTransfer#fetch}) before the outcome completes, so
 * evaluation, conflicts and merges see the agent's work as if it had run here.
 *
 * <p><b>Outcomes.</b> {@code EXITED} with the agent's exit code (rate-limited when its log matches
 * the command's patterns); {@code TIMED_OUT} when the Job's deadline passed; {@code CANCELLED} after
 * {@link AgentHandle#cancel} (the Job is deleted with foreground propagation) or when someone else
 * deleted it; {@code FAILED_TO_START} when the push or the Job's creation failed, the image cannot
 * be pulled, the container cannot be created, or the pod stayed unschedulable past the schedule
 * timeout; each reason is one line.
 *
 * <p><b>What it never does.</b> It never polls: state comes from the API's watch (and one read of the
 * pod and its log when the Job ends). It never writes status files, never retries, never limits
 * concurrency (the engine does all three, for local and cluster agents alike). It never puts a
 * credential into a Job: a plain variable named like one, or a remote URL with a password, is a
 * {@link LaunchException}.
 *
 * <p><b>Threads.</b> Thread-safe. Worker and timer threads are named {@code porch-k8s-*}, daemons,
 * stopped by {@link #close()}; the client's watch threads are the client's.
 *
 * <pre>{@code
 * try (KubernetesClient client = new KubernetesClientBuilder().build();
 *     KubernetesAgents agents = KubernetesAgents.builder(client)
 *         .run("porch-1f3a").settings(JobSettings.of("ghcr.io/me/agent:1").withNamespace("agents"))
 *         .commands(renderer).transfer(transfer).build()) {
 *   AgentOutcome o = agents.launch(request).outcome().get(1, TimeUnit.HOURS);
 * }
 * }</pre>
 */
public final class KubernetesAgents implements AgentLauncher, AutoCloseable {
  /**
   * How much earlier than the task's recorded start {@link #adopt} still takes a Job for it: the
   * status is written just before the launch, by the same clock, so a few seconds are plenty.
   */
  public static final Duration LEEWAY = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final String run;
  private final JobSettings defaults;
  private final Map<String, JobSettings> profiles;
  private final CommandRenderer commands;
  private final boolean commitLeftovers;
  private final Duration ttl;
  private final ExecutorService workers;
  private final ScheduledExecutorService timer;
  private final ClusterAttempt.Shared shared;
  private final Set<ClusterAttempt> launched = ConcurrentHashMap.newKeySet();
  private final Set<ClusterAttempt> adopted = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private KubernetesAgents(Builder b) {
    this.client = b.client;
    this.run = b.run;
    this.defaults = b.defaults;
    this.profiles = Map.copyOf(b.profiles);
    this.commands = b.commands;
    this.commitLeftovers = b.commitLeftovers;
    this.ttl = b.ttl;
    this.workers = Executors.newCachedThreadPool(named("worker"));
    this.timer = Executors.newSingleThreadScheduledExecutor(named("timer"));
    this.shared = new ClusterAttempt.Shared(client, b.transfer, workers, timer, b.scheduleTimeout);
  }

  /**
   * Starts a builder.
   *
   * @param client the client to talk to the cluster with; the caller closes it, after this
   * @return the builder
   */
  public static Builder builder(KubernetesClient client) {
    return new Builder(Objects.requireNonNull(client, "client"));
  }

  /**
   * Starts the attempt and returns at once; pushing and creating the Job happen on a worker.
   *
   * @throws LaunchException if no {@link JobSettings} apply to the request's profile, the renderer
   *     refuses it, or the Job would carry a credential
   * @throws IllegalStateException if this launcher is closed
   */
  @Override
  public AgentHandle launch(AgentRequest request) {
    Objects.requireNonNull(request, "request");
    checkOpen();
    JobSettings s = settings(request);
    ContainerCommand cmd = commands.render(request, JobSpecs.WORKTREE, JobSpecs.PROMPT_FILE);
    Instant now = Instant.now();
    String name = Names.job(run, request.task(), request.attempt(), now + "/" + ThreadLocalRandom.current().nextLong());
    Map<String, String> labels = Names.labels(run, request.task(), request.attempt(), name);
    JobSpecs.Input probe = new JobSpecs.Input(name, labels, s, cmd, shared.transfer().remoteUrl(), "0", commitLeftovers,
        ttl, now);
    JobSpecs.job(request, probe); // refuses credentials before anything is pushed
    ClusterAttempt a = new ClusterAttempt(shared, request.workspace(), s.namespace(), name, labels, cmd.rateLimitPatterns());
    track(launched, a);
    workers.execute(() -> a.start(() -> shared.transfer().push(request.workspace()),
        base -> JobSpecs.job(request, probe.withBaseCommit(base)), request.timeout()));
    return a;
  }

  /**
   * Runs a task's test command in the cluster, in a second Job (an <i>evaluation Job</i>), and waits
   * for it: porch pushes the workspace's branch as it is (the commit it judges), the Job's pod (the
   * same image, namespace, resources, node selector, service account and Secrets as the agent's Job
   * of {@code agent}) clones that commit, runs the command there with {@code PORCH_TASK}, {@code
   * PORCH_BRANCH} and {@code PORCH_WORKTREE} set, and reports its exit code in the termination message.
   * Labels {@code porch.dev/run}, {@code task}, {@code attempt} and {@code porch.dev/role: evaluate};
   * {@code activeDeadlineSeconds} is {@code timeout}. The pod's log is copied into {@code log} when
   * the Job ended.
   *
   * <p>Blocks the calling thread. When it is interrupted, or this launcher is closed meanwhile, the
   * Job is deleted (foreground propagation). {@link #adopt} never takes an evaluation Job: after porch
   * was stopped an evaluation is run again.
   *
   * @param ws the task's workspace, its branch committed
   * @param agent the task's agent profile, for its {@link JobSettings}
   * @param attempt the agent's attempt, for the label
   * @param command the test command; a shell line runs with {@code sh -c}
   * @param timeout the evaluation's timeout
   * @param log receives the pod's log
   * @return the result: passed when the command exited 0; {@code timedOut} when the Job's deadline
   *     passed; no counts (the caller parses them from the log)
   * @throws dev.porch.core.error.PorchException when the command could not be judged, in one line:
   *     the push failed, the Job could not be created, its pod could not be scheduled within the
   *     schedule timeout, its image cannot be pulled, the pod script could not clone, the Job was
   *     deleted, or the wait was interrupted
   * @throws java.io.IOException if {@code log} cannot be written
   * @throws IllegalStateException if this launcher is closed
   */
  public TestResult evaluate(Workspace ws, String agent, int attempt, TestCommand command, Duration timeout,
      java.io.OutputStream log) throws java.io.IOException {
    Objects.requireNonNull(ws, "ws");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(log, "log");
    checkOpen();
    JobSettings s = profiles.getOrDefault(Objects.requireNonNull(agent, "agent"), defaults);
    if (s == null) {
      throw new PorchException("no Kubernetes settings for agent profile '" + agent + "' to evaluate " + ws.task()
          + " with", List.of("set kubernetes.image in .porch.json, or kubernetes.profiles." + agent + ".image"), null);
    }
    List<String> argv = command.shell() ? List.of("sh", "-c", command.arguments().get(0)) : command.arguments();
    Instant now = Instant.now();
    String name = Names.job(run, ws.task(), attempt, "evaluate/" + now + "/" + ThreadLocalRandom.current().nextLong())
        .replaceFirst("^porch-", "porch-eval-");
    Map<String, String> labels = new java.util.LinkedHashMap<>(Names.labels(run, ws.task(), attempt, name));
    labels.put(Names.ROLE, Names.EVALUATES);
    JobSpecs.Input in = new JobSpecs.Input(name, labels, s, new ContainerCommand(argv, "", Map.of(), List.of()),
        shared.transfer().remoteUrl(), "0", false, ttl, now);
    JobSpecs.evaluation(ws, in, argv, timeout); // refuses a remote URL with a password before anything is pushed
    ClusterAttempt a = new ClusterAttempt(shared, ws, s.namespace(), name, labels, List.of());
    track(launched, a);
    workers.execute(() -> a.start(() -> shared.transfer().push(ws),
        base -> JobSpecs.evaluation(ws, in.withBaseCommit(base), argv, timeout), Optional.of(timeout)));
    AgentOutcome o;
    try {
      o = a.outcome().get();
    } catch (InterruptedException e) {
      a.cancel("the evaluation of " + ws.task() + " was interrupted");
      try {
        a.outcome().get(10, TimeUnit.SECONDS);
      } catch (InterruptedException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
          | java.util.concurrent.CancellationException again) {
        // the deletion was asked for; what is left is the cluster's
      }
      Thread.currentThread().interrupt();
      throw new PorchException("evaluation Job " + name + " of " + ws.task() + " was interrupted and deleted", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
      throw new PorchException("evaluation Job " + name + " of " + ws.task() + " was abandoned: the launcher closed", e);
    }
    Optional<String> text = o.kind() == AgentOutcome.Kind.FAILED_TO_START ? Optional.empty() : a.log();
    if (text.isPresent()) {
      log.write(text.get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      log.flush();
    }
    switch (o.kind()) {
      case TIMED_OUT:
        return new TestResult(false, -1, o.duration(), -1, -1, -1, Optional.empty(), argv, true);
      case EXITED:
        if (a.scriptFailed().isEmpty() && o.exitCode().isPresent()) {
          int code = o.exitCode().getAsInt();
          return new TestResult(code == 0, code, o.duration(), -1, -1, -1, Optional.empty(), argv, false);
        }
        throw new PorchException("evaluation Job " + name + ": " + a.scriptFailed()
            .or(o::reason).orElse("ended without an exit code"), List.of(), null);
      default:
        throw new PorchException("evaluation Job " + name + ": " + o.reason().orElse(o.kind().toString()),
            List.of(), null);
    }
  }

  /**
   * The Jobs of this launcher's run (label {@code porch.dev/run}), in every namespace its settings
   * name, oldest first, each with its pod and node (for an embedder's own view; {@code porch status}
   * reads where an agent runs from its status file, which the engine keeps from the handle's activity).
   *
   * @return the attempts found
   * @throws io.fabric8.kubernetes.client.KubernetesClientException if the API cannot be read
   */
  public List<ClusterAgent> jobs() {
    List<ClusterAgent> out = new ArrayList<>();
    for (String ns : namespaces()) {
      List<Job> jobs = new ArrayList<>(client.batch().v1().jobs().inNamespace(ns).withLabel(Names.RUN, run).list()
          .getItems().stream().filter(KubernetesAgents::runsAnAgent).toList());
      List<Pod> pods = client.pods().inNamespace(ns).withLabel(Names.RUN, run).list().getItems();
      jobs.sort(Comparator.comparing(j -> j.getMetadata().getCreationTimestamp() == null ? ""
          : j.getMetadata().getCreationTimestamp()));
      for (Job j : jobs) {
        Map<String, String> labels = j.getMetadata().getLabels();
        Optional<PodFacts> pod = pods.stream().filter(p -> sameAttempt(p.getMetadata().getLabels(), labels))
            .map(PodFacts::of).reduce((first, second) -> second);
        String task = j.getMetadata().getAnnotations() == null ? labels.get(Names.TASK)
            : j.getMetadata().getAnnotations().getOrDefault(Names.TASK_ANNOTATION, labels.get(Names.TASK));
        out.add(new ClusterAgent(task, attempt(labels), j.getMetadata().getName(), state(j.getStatus()),
            pod.map(PodFacts::pod), pod.flatMap(PodFacts::node)));
      }
    }
    return out;
  }

  /**
   * Follows an attempt's Job again, after porch itself was stopped: its outcome completes when the
   * Job ends (after fetching what the pod pushed), at once when it already has.
   *
   * <p>The Job is the newest of this run's Jobs for {@code workspace}'s task and {@code attempt}
   * that porch launched at or after {@code started} (by porch's clock, less {@link #LEEWAY}): a task
   * that was cleaned up and made again under the same name starts again at attempt 1, and the Jobs of
   * its earlier life must not be taken for its own.
   *
   * @param workspace the task's workspace
   * @param attempt the attempt its status file says is running
   * @param started when its status file says the task started; {@link Instant#EPOCH} when it does not say
   * @return a handle, or empty when this run has no such Job
   * @throws IllegalStateException if this launcher is closed
   * @throws io.fabric8.kubernetes.client.KubernetesClientException if the API cannot be read
   */
  public Optional<AgentHandle> adopt(Workspace workspace, int attempt, Instant started) {
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(started, "started");
    checkOpen();
    String label = Names.taskLabel(workspace.task());
    Instant notBefore = started.minus(LEEWAY);
    for (String ns : namespaces()) {
      Optional<Job> latest = client.batch().v1().jobs().inNamespace(ns).withLabel(Names.RUN, run)
          .withLabel(Names.TASK, label).withLabel(Names.ATTEMPT, Integer.toString(attempt)).list().getItems().stream()
          .filter(KubernetesAgents::runsAnAgent)
          .filter(j -> !launched(j).isBefore(notBefore))
          .max(Comparator.comparing(KubernetesAgents::launched));
      if (latest.isPresent()) {
        Job j = latest.get();
        ClusterAttempt a = new ClusterAttempt(shared, workspace, ns, j.getMetadata().getName(),
            j.getMetadata().getLabels(), List.of());
        track(adopted, a);
        a.adopt(j);
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code j} runs an agent, not an evaluation (recover re-runs an evaluation instead of adopting it). */
  private static boolean runsAnAgent(Job j) {
    Map<String, String> l = j.getMetadata().getLabels();
    return l == null || !Names.EVALUATES.equals(l.get(Names.ROLE));
  }

  /** The Job's {@code porch.dev/launched} annotation; {@link Instant#MIN} without one. */
  private static Instant launched(Job j) {
    Map<String, String> a = j.getMetadata().getAnnotations();
    try {
      return a == null || !a.containsKey(Names.LAUNCHED_ANNOTATION) ? Instant.MIN
          : Instant.parse(a.get(Names.LAUNCHED_ANNOTATION));
    } catch (java.time.format.DateTimeParseException e) {
      return Instant.MIN;
    }
  }

  private JobSettings settings(AgentRequest r) {
    JobSettings s = profiles.getOrDefault(r.agent(), defaults);
    if (s == null) {
      throw new LaunchException(r.task(), "no Kubernetes settings for agent profile '" + r.agent() + "'",
          List.of("set kubernetes.image in .porch.json, or kubernetes.profiles." + r.agent() + ".image"), null);
    }
    return s;
  }

  private Set<String> namespaces() {
    Set<String> ns = new TreeSet<>();
    if (defaults != null) {
      ns.add(defaults.namespace());
    }
    profiles.values().forEach(s -> ns.add(s.namespace()));
    return ns;
  }

  private static boolean sameAttempt(Map<String, String> pod, Map<String, String> job) {
    return pod != null && Objects.equals(pod.get(Names.TASK), job.get(Names.TASK))
        && Objects.equals(pod.get(Names.ATTEMPT), job.get(Names.ATTEMPT))
        && Objects.equals(pod.get(Names.JOB), job.get(Names.JOB));
  }

  private static int attempt(Map<String, String> labels) {
    try {
      return Integer.parseInt(labels.getOrDefault(Names.ATTEMPT, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String state(JobStatus s) {
    if (s == null) {
      return "pending";
    }
    if (s.getSucceeded() != null && s.getSucceeded() > 0) {
      return "succeeded";
    }
    if (s.getFailed() != null && s.getFailed() > 0) {
      return "failed";
    }
    return s.getActive() != null && s.getActive() > 0 ? "running" : "pending";
  }

  private static void track(Set<ClusterAttempt> set, ClusterAttempt a) {
    set.add(a);
    a.outcome().whenComplete((o, e) -> set.remove(a));
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this KubernetesAgents is closed; build a new one");
    }
  }

  private static ThreadFactory named(String role) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "porch-k8s-" + role + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Cancels the attempts it launched that still run (their Jobs are deleted), stops following the
   * ones it {@linkplain #adopt adopted} (their Jobs keep running, for a later {@code porch recover}),
   * waits a few seconds for the deletions, and stops its threads. Does not close the client.
   * Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List.copyOf(adopted).forEach(ClusterAttempt::release);
    List<ClusterAttempt> running = List.copyOf(launched);
    running.forEach(a -> a.cancel("the launcher was closed"));
    try {
      java.util.concurrent.CompletableFuture.allOf(running.stream().map(ClusterAttempt::outcome)
          .toArray(java.util.concurrent.CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // what did not end in time is left to the cluster (and to porch recover)
    }
    workers.shutdownNow();
    timer.shutdownNow();
  }

  /**
   * Settings for {@link KubernetesAgents}. {@code run}, {@code commands}, {@code transfer} and
   * {@code settings} or a {@code profile} are required; each setter may be called once (a profile once
   * per name). Defaults: schedule timeout 10 minutes, finished Jobs kept 1 hour, leftovers committed.
   */
  public static final class Builder {
    private final KubernetesClient client;
    private String run;
    private JobSettings defaults;
    private final Map<String, JobSettings> profiles = new HashMap<>();
    private CommandRenderer commands;
    private BranchTransfer transfer;
    private Duration scheduleTimeout;
    private Duration ttl;
    private Boolean leftovers;
    private boolean commitLeftovers;

    private Builder(KubernetesClient client) {
      this.client = client;
    }

    /**
     * The value of the {@code porch.dev/run} label on every Job: what {@link #jobs()} and
     * {@link #adopt} look for, e.g. a hash of the repository's path.
     *
     * @throws IllegalArgumentException if it is not a label value
     * @throws IllegalStateException if already set
     */
    public Builder run(String value) {
      Objects.requireNonNull(value, "run");
      if (value.isEmpty() || !Names.labelValue(value)) {
        throw new IllegalArgumentException("'" + value + "' is not a label value (letters, digits, '-', '_', '.',"
            + " at most 63, alphanumeric at both ends)");
      }
      once(run, "run");
      run = value;
      return this;
    }

    /**
     * The Job settings of every profile without its own.
     *
     * @throws IllegalStateException if already set
     */
    public Builder settings(JobSettings value) {
      Objects.requireNonNull(value, "settings");
      once(defaults, "settings");
      defaults = value;
      return this;
    }

    /**
     * The Job settings of one agent profile.
     *
     * @throws IllegalStateException if that profile was already given
     */
    public Builder profile(String name, JobSettings value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "settings");
      if (profiles.putIfAbsent(name, value) != null) {
        throw new IllegalStateException("the settings of profile " + name + " were already set");
      }
      return this;
    }

    /**
     * What each pod runs.
     *
     * @throws IllegalStateException if already set
     */
    public Builder commands(CommandRenderer value) {
      Objects.requireNonNull(value, "commands");
      once(commands, "commands");
      commands = value;
      return this;
    }

    /**
     * porch's side of the git transfer.
     *
     * @throws IllegalStateException if already set
     */
    public Builder transfer(BranchTransfer value) {
      Objects.requireNonNull(value, "transfer");
      once(transfer, "transfer");
      transfer = value;
      return this;
    }

    /**
     * How long a pod may stay unschedulable before its attempt ends {@code FAILED_TO_START}; zero
     * ends it at the first sign.
     *
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException if already set
     */
    public Builder scheduleTimeout(Duration value) {
      Objects.requireNonNull(value, "scheduleTimeout");
      if (value.isNegative()) {
        throw new IllegalArgumentException("the schedule timeout cannot be negative, got " + value);
      }
      once(scheduleTimeout, "scheduleTimeout");
      scheduleTimeout = value;
      return this;
    }

    /**
     * How long a finished Job (and its pod's log) stays before Kubernetes removes it.
     *
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException if already set
     */
    public Builder ttlAfterFinished(Duration value) {
      Objects.requireNonNull(value, "ttlAfterFinished");
      if (value.isNegative()) {
        throw new IllegalArgumentException("the time to live cannot be negative, got " + value);
      }
      once(ttl, "ttlAfterFinished");
      ttl = value;
      return this;
    }

    /**
     * Whether the pod commits work its agent left uncommitted after exiting 0 ({@code
     * commit_leftovers} in .porch.json).
     *
     * @throws IllegalStateException if already set
     */
    public Builder commitLeftovers(boolean value) {
      once(leftovers, "commitLeftovers");
      leftovers = value;
      return this;
    }

    /**
     * Builds the launcher; it starts its threads now.
     *
     * @throws IllegalStateException naming what is missing
     */
    public KubernetesAgents build() {
      List<String> missing = new ArrayList<>();
      if (run == null) {
        missing.add("run");
      }
      if (defaults == null && profiles.isEmpty()) {
        missing.add("settings (or a profile)");
      }
      if (commands == null) {
        missing.add("commands");
      }
      if (transfer == null) {
        missing.add("transfer");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("KubernetesAgents needs " + String.join(", ", missing));
      }
      scheduleTimeout = scheduleTimeout == null ? Duration.ofMinutes(10) : scheduleTimeout;
      ttl = ttl == null ? Duration.ofHours(1) : ttl;
      commitLeftovers = leftovers == null || leftovers;
      return new KubernetesAgents(this);
    }

    private static void once(Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set");
      }
    }
  }
}
