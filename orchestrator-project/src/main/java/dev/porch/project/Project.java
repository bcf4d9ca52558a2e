package dev.porch.project;

import dev.porch.core.RunOptions;
import dev.porch.core.RunRequest;
import dev.porch.core.TaskName;
import dev.porch.core.port.StatusStore;
import dev.porch.core.port.WorkspaceProvider;
import dev.porch.git.GitWorkspaces;
import dev.porch.status.StatusFiles;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A repository as porch's commands see it: its {@code .porch.json}, the default adapters wired
 * from it, and porch's run defaults, so an embedder (and porch's web page and MCP server) gets
 * exactly what the CLI gets. Everything is made lazily, on first use: nothing touches the disk
 * before it is asked for. Close it to stop what it started (agent launchers and their threads).
 *
 * <pre>{@code
 * try (Project p = Project.open(Path.of("."));
 *      Orchestrator o = p.orchestrator(List.of())) {
 *   RunResult r = o.run(Patterns.competitive(3), p.request(TaskName.of("auth"), "Add a login form"));
 * }
 * }</pre>
 */
public final class Project implements AutoCloseable {
  private final Path workDir;
  private Path root;
  private PorchConfig config;
  private GitWorkspaces workspaces;
  private StatusStore statusStore;
  private final java.util.List<AutoCloseable> owned = new java.util.ArrayList<>();

  private final java.util.Map<String, String> env;
  private dev.porch.core.port.SandboxPolicy sandboxOverride;
  private dev.porch.agent.Sandboxes.Availability sandboxAvailability;

  /**
   * The repository around {@code workDir} (found on first use, the way git finds it).
   *
   * @param workDir a folder inside the repository's main worktree or one of its worktrees
   */
  public static Project open(Path workDir) {
    return Project.open(workDir, java.util.Map.of());
  }

  /**
   * As {@link #open(Path)}, with the environment porch reads settings from.
   *
   * @param workDir where porch runs
   * @param env its environment; {@code PORCH_LOCK_TIMEOUT} (e.g. {@code 5s}, {@code 0s}) sets how
   *     long to wait for another porch's repository lock
   */
  public static Project open(Path workDir, java.util.Map<String, String> env) {
    return new Project(workDir, env);
  }

  private Project(Path workDir, java.util.Map<String, String> env) {
    this.workDir = workDir;
    this.env = java.util.Map.copyOf(env);
  }

  /** The directory porch was started in (after {@code -C}). */
  public Path workDir() {
    return workDir;
  }

  /** The main worktree of the repository around {@link #workDir()}, found the way git does. */
  public synchronized Path root() {
    if (root == null) {
      root = GitWorkspaces.findRoot(workDir);
    }
    return root;
  }

  /** {@code .porch.json}, or the defaults. */
  public synchronized PorchConfig config() {
    if (config == null) {
      config = PorchConfig.read(root());
    }
    return config;
  }

  /** The git adapter, configured from {@code .porch.json}. */
  /**
   * The user's git identity as environment variables for agents (empty when none is configured);
   * see {@link GitWorkspaces#identityEnvironment()}.
   */
  public java.util.Map<String, String> gitIdentity() {
    return workspaces().identityEnvironment();
  }

  public synchronized GitWorkspaces workspaces() {
    if (workspaces == null) {
      GitWorkspaces.Builder b = GitWorkspaces.builder(root()).branchPrefix(config().branchPrefix());
      config().setup().ifPresent(b::setupCommand);
      config().setupTimeout().ifPresent(b::setupTimeout);
      config().gitTimeout().ifPresent(b::commandTimeout);
      config().share().forEach((folder, mode) -> {
        try {
          b.share(folder, mode);
        } catch (IllegalArgumentException e) {
          throw new dev.porch.core.error.PorchException(root().resolve(PorchConfig.FILE) + ": share: " + e.getMessage(),
              java.util.List.of("name folders relative to the repository, such as node_modules or .venv; see docs/config.md"), e);
        }
      });
      if (config().portsPerTask() > 0) {
        b.portsPerTask(config().portsPerTask());
      }
      dev.porch.git.GitWorkspaces.trustStoreFor(env).ifPresent(b::trustStore);
      dev.porch.git.GitWorkspaces.userPortsFor(env).ifPresent(b::userPorts);
      workspaces = b.build();
      owned.add(workspaces);
    }
    return workspaces;
  }

  /** The port view of {@link #workspaces()}. */
  public WorkspaceProvider workspaceProvider() {
    return workspaces();
  }

  /**
   * The status files under {@code .agent-status/}. Inside porch's sandbox ({@code PORCH_OUTBOX} set),
   * writes go to the agent's outbox instead, which porch moves over the real status file once the
   * agent ends (see {@link OutboxStatusStore}).
   */
  public synchronized StatusStore statusStore() {
    if (statusStore == null) {
      String outbox = env.get("PORCH_OUTBOX");
      statusStore = outbox == null || outbox.isBlank() ? StatusFiles.open(root())
          : new OutboxStatusStore(StatusFiles.open(root()), Path.of(outbox));
    }
    return statusStore;
  }

  /** Sets the sandbox policy for this command ({@code --sandbox}), over {@code .porch.json}'s. */
  public synchronized void sandbox(dev.porch.core.port.SandboxPolicy policy) {
    this.sandboxOverride = java.util.Objects.requireNonNull(policy, "policy");
  }

  /** The sandbox policy agents run under: {@code --sandbox}, else {@code .porch.json}'s, else off. */
  public synchronized dev.porch.core.port.SandboxPolicy sandboxPolicy() {
    return sandboxOverride != null ? sandboxOverride : config().sandbox();
  }

  /** Whether the OS sandbox works here, probed once per command (a trial bwrap run on Linux). */
  public synchronized dev.porch.agent.Sandboxes.Availability sandboxAvailability() {
    if (sandboxAvailability == null) {
      sandboxAvailability = dev.porch.agent.Sandboxes.availability();
    }
    return sandboxAvailability;
  }

  /**
   * Takes the repository lock, so two porch processes never change the same repository at once.
   * Waits up to 30 s (or {@code PORCH_LOCK_TIMEOUT}) for another porch; a lock left by a dead
   * process is taken over.
   */
  public dev.porch.status.RepositoryLock lock() {
    String wait = env.get("PORCH_LOCK_TIMEOUT");
    return StatusFiles.lock(root(), wait == null || wait.isBlank()
        ? java.time.Duration.ofSeconds(30) : Durations.parse(wait.strip(), "PORCH_LOCK_TIMEOUT"));
  }

  /** Agent profiles: the built-in ones, overridden by {@code .porch.json}'s "agents". */
  public synchronized dev.porch.agent.AgentProfiles profiles() {
    dev.porch.agent.AgentProfiles builtIn = dev.porch.agent.AgentProfiles.builtIn();
    return config().agentsJson().map(j -> builtIn.with(dev.porch.agent.AgentProfiles.parse(j))).orElse(builtIn);
  }

  /** Launches agents as local processes. */
  public synchronized dev.porch.agent.AgentProcesses launcher(dev.porch.agent.AgentProfiles profiles) {
    dev.porch.agent.AgentProcesses launcher = dev.porch.agent.AgentProcesses.builder(root()).profiles(profiles).build();
    owned.add(launcher);
    return launcher;
  }

  /** Runs test commands in workspaces. */
  public dev.porch.core.port.Evaluator evaluator() {
    return dev.porch.agent.ProcessEvaluator.builder(root(), workspaces()).build();
  }

  /**
   * An orchestrator over the real adapters, appending every event to {@code .agent-status/events.ndjson}.
   *
   * @param listeners more listeners (progress display)
   * @return the orchestrator; close it when done
   */
  public dev.porch.core.Orchestrator orchestrator(java.util.List<dev.porch.core.event.EventListener> listeners) {
    return orchestrator(listeners, profiles());
  }

  /** Like {@link #orchestrator(java.util.List)} with explicit agent profiles (the demo's). */
  public dev.porch.core.Orchestrator orchestrator(java.util.List<dev.porch.core.event.EventListener> listeners,
      dev.porch.agent.AgentProfiles profiles) {
    // the OS sandbox confines local agents; agents in a cluster are confined by their pods. Whatever
    // the policy now, a sandboxed agent re-attached after a killed porch gets its branch and report
    // delivered from its cell (porch recover, a resumed run)
    dev.porch.core.port.AgentLauncher local = dev.porch.agent.Sandboxes.wrap(launcher(profiles), sandboxPolicy(),
        dev.porch.agent.Sandboxes.needsOf(profiles), root());
    java.util.Optional<ClusterLaunch> cluster = ClusterLaunch.of(root(), config(), profiles);
    synchronized (this) {
      cluster.ifPresent(owned::add); // closed before the local launcher: last opened, first closed
    }
    var b = dev.porch.core.Orchestrator.builder()
        .workspaces(workspaces())
        .statusStore(statusStore())
        .launcher(cluster.map(c -> c.route(local)).orElse(local))
        .evaluator(cluster.map(c -> c.evaluator(evaluator(), workspaces(), statusStore())).orElse(evaluator()))
        .clock(clock())
        .listener(StatusFiles.eventLog(root()));
    notifications().ifPresent(b::listener);
    listeners.forEach(b::listener);
    return b.build();
  }

  /**
   * Review of the attempts ({@code porch diff}, {@code compare}, {@code pick}): over the git adapter
   * and the status files, with a pick's decision and merge appended to {@code events.ndjson}.
   */
  public synchronized dev.porch.core.review.Review review() {
    dev.porch.status.EventLog log = StatusFiles.eventLog(root());
    owned.add(log);
    return dev.porch.core.review.Review.builder().workspaces(workspaces()).statusStore(statusStore()).clock(clock())
        .listener(log).build();
  }

  /**
   * The cleanup a pick of {@code task} applies by default: the policy its run recorded when it
   * started (a pattern command without {@code --keep}: REMOVE_WORKTREES), else KEEP (tasks made by
   * {@code porch spawn}, or runs from before porch recorded it), so a pick never removes more than
   * the run would have.
   */
  public dev.porch.core.RunOptions.CleanupPolicy runCleanup(dev.porch.core.TaskName task) {
    return statusStore().read(task).flatMap(dev.porch.core.AgentStatus::run)
        .flatMap(run -> StatusFiles.recordedCleanup(root(), run))
        .orElse(dev.porch.core.RunOptions.CleanupPolicy.KEEP);
  }

  /** How long porch waits between two agents' starts, so a burst of launches does not hit an API at once. */
  public static final java.time.Duration STAGGER = java.time.Duration.ofMillis(200);

  /** How often a running agent's progress (what it is doing, its tokens) is sampled into its status. */
  public static final java.time.Duration PROGRESS_INTERVAL = java.time.Duration.ofSeconds(1);

  /**
   * The run options porch's commands use, for this repository: {@link #STAGGER}, {@link
   * #PROGRESS_INTERVAL}, and {@code .porch.json}'s {@code concurrency}, {@code timeout} and {@code
   * commit_leftovers}. Change one with its {@code withX} method.
   */
  public RunOptions runOptions() {
    PorchConfig c = config();
    RunOptions o = RunOptions.defaults().withStagger(STAGGER).withProgressInterval(PROGRESS_INTERVAL)
        .withCommitLeftovers(c.commitLeftovers());
    if (c.concurrency() > 0) {
      o = o.withConcurrency(c.concurrency());
    }
    return c.timeout().map(o::withTaskTimeout).orElse(o);
  }

  /**
   * The request porch's pattern commands make for {@code feature}, before their options: {@link
   * #runOptions()}, {@code .porch.json}'s {@code agent}, {@code base} and {@code test}, and the
   * user's git identity in the agents' environment (so agents commit as the user even when their
   * CLI hides git's global config, as Gemini CLI does). Change one with its {@code withX} method.
   *
   * @param feature the run's feature name
   * @param instructions the prompt every agent gets
   * @throws IllegalArgumentException if the instructions are blank
   */
  public RunRequest request(TaskName feature, String instructions) {
    PorchConfig c = config();
    RunRequest.Builder r = RunRequest.builder().feature(feature).instructions(instructions).agent(c.agent())
        .options(runOptions()).putAllEnvironment(gitIdentity());
    c.base().ifPresent(r::baseBranch);
    c.test().ifPresent(r::testCommand);
    return r.build();
  }

  /**
   * {@code .porch.json}'s {@code notify} as a listener, if it asks for any channel: final states,
   * BLOCKED tasks and decisions go to the desktop, a command and a webhook; a failure becomes a
   * Problem event, never a failed run.
   */
  public java.util.Optional<dev.porch.agent.Notifications> notifications() {
    return config().notifications().map(n -> {
      var b = dev.porch.agent.Notifications.builder(root()).desktop(n.desktop());
      if (!n.command().isEmpty()) {
        b.command(n.command(), null);
      }
      n.webhook().ifPresent(w -> b.webhook(java.net.URI.create(w), n.webhookTimeout().orElse(null)));
      if (!n.on().isEmpty()) {
        java.util.Set<dev.porch.agent.Notifications.On> on = java.util.EnumSet.noneOf(dev.porch.agent.Notifications.On.class);
        n.on().forEach(w -> on.add(dev.porch.agent.Notifications.On.parse(w)));
        b.on(on);
      }
      return b.build();
    });
  }

  /** The wall clock, UTC. */
  public Clock clock() {
    return Clock.systemUTC();
  }

  /** Stops what this run started (agent launchers and their threads). */
  @Override
  public synchronized void close() {
    for (AutoCloseable c : com.google.common.collect.Lists.reverse(owned)) { // last opened, first closed
      try {
        c.close();
      } catch (Exception e) {
        // closing is best effort; the process is ending anyway
      }
    }
    owned.clear();
  }
}
