package dev.porch.agent;

import dev.porch.agent.internal.LaunchedAgent;
import dev.porch.agent.internal.ProcessLauncher;
import dev.porch.agent.internal.ProcessTree;
import dev.porch.agent.internal.ReattachedAgent;
import dev.porch.agent.internal.Threads;
import dev.porch.core.TaskName;
import dev.porch.core.error.LaunchException;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.AgentRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link AgentLauncher} that runs agent CLIs as local processes, one per task, in the task's
 * worktree.
 *
 * <p><b>What a launch does.</b> It looks up the request's profile ({@link AgentProfiles}), renders
 * the prompt ({@link PromptTemplate}) and saves it to {@code .agent-status/prompts/<task>.md}, then
 * starts the profile's command with an argument list (never a shell) in the worktree, with the
 * environment {@code PORCH_TASK}, {@code PORCH_STATUS_FILE}, {@code PORCH_WORKTREE}, {@code
 * PORCH_BRANCH}, {@code PORCH_BASE}, {@code PORCH_PORT}, {@code PORCH_ROLE}, {@code
 * PORCH_ATTEMPT}, {@code PORCH_PROMPT_FILE} plus the profile's and the request's variables.
 * Standard output and error are appended to {@code .agent-status/logs/<task>.log} after a header
 * line per attempt; a readable transcript goes to {@code .agent-status/logs/<task>.transcript.log}.
 * Standard input is closed, or carries the prompt for {@code stdin} profiles.
 *
 * <p><b>Live activity.</b> For a profile with a {@link AgentProfile#stream() stream}, each output
 * line is read as it comes: {@link AgentHandle#activity()} gives the session, current step, last
 * message, tokens, turns and cost so far, and a notice while the CLI retries a rate limit.
 *
 * <p><b>What it never does.</b> It never writes status files (the engine does), never retries (the
 * engine does), never limits concurrency (the engine does).
 *
 * <p><b>Outcomes.</b> {@code EXITED} with the exit code (flagged rate-limited when the code is not
 * 0 and a line of output matched the profile's patterns), {@code TIMED_OUT} after the request's
 * timeout, {@code CANCELLED} after {@link AgentHandle#cancel}, {@code FAILED_TO_START} when the
 * program cannot be run, {@code LOGIN_FAILED} when the agent cannot log in (it is stopped at once). Stopping asks the whole process tree politely first and kills it after
 * the grace period.
 *
 * <p><b>Threads.</b> Thread-safe. One timer thread and one pump thread per running agent, all
 * named {@code porch-agent-*} and daemons; {@link #close()} stops them all.
 *
 * <pre>{@code
 * try (AgentProcesses agents = AgentProcesses.builder(repo).gracePeriod(Duration.ofSeconds(5)).build()) {
 *   AgentHandle h = agents.launch(request);
 *   AgentOutcome o = h.outcome().get(30, TimeUnit.MINUTES);
 * }
 * }</pre>
 */
public final class AgentProcesses implements AgentLauncher, AutoCloseable {
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final ProcessLauncher launcher;
  private final ProcessTree tree;
  private final Duration grace;
  private final ScheduledThreadPoolExecutor scheduler;
  private final ExecutorService workers;
  private final Set<AgentHandle> live = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private AgentProcesses(Builder b) {
    this.grace = b.grace;
    this.scheduler = new ScheduledThreadPoolExecutor(1, Threads.named("timer"));
    scheduler.setRemoveOnCancelPolicy(true);
    this.workers = Executors.newCachedThreadPool(Threads.named("pump"));
    this.tree = new ProcessTree(scheduler, grace);
    this.launcher = new ProcessLauncher(
        new ProcessLauncher.Settings(b.repoRoot.resolve(".agent-status"), b.profiles, b.template, b.maxLogBytes),
        tree, scheduler, workers);
  }

  /**
   * Starts a builder.
   *
   * @param repoRoot the repository's main worktree; logs and prompts go to its {@code .agent-status}
   * @return the builder
   */
  public static Builder builder(Path repoRoot) {
    return new Builder(Objects.requireNonNull(repoRoot, "repoRoot").toAbsolutePath().normalize());
  }

  /**
   * Starts the agent and returns at once.
   *
   * @param request what to run, where
   * @return the running agent, or a finished handle of kind {@code FAILED_TO_START}
   * @throws LaunchException if the request names an unknown profile or one without a command
   * @throws IllegalStateException if this launcher is closed
   */
  @Override
  public AgentHandle launch(AgentRequest request) {
    Objects.requireNonNull(request, "request");
    checkOpen();
    return track(launcher.launch(request));
  }

  /**
   * Adopts an agent that an earlier launcher started, when the process with {@code pid} is alive and
   * started at {@code processStarted} (compared to the second). Its outcome is {@code EXITED}
   * without an exit code, or {@code CANCELLED}.
   *
   * @throws IllegalStateException if this launcher is closed
   */
  @Override
  public Optional<AgentHandle> reattach(TaskName task, long pid, Instant processStarted) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(processStarted, "processStarted");
    checkOpen();
    // The transcript reads better than the raw stream; older runs have only the log.
    Path transcript = launcher.transcriptFile(task);
    Path tail = java.nio.file.Files.isRegularFile(transcript, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? transcript
        : launcher.logFile(task);
    return ReattachedAgent.find(task, pid, processStarted, tail, tree).map(this::track);
  }

  /**
   * Opens the agent's interactive mode in the request's workspace on this process's terminal
   * (standard input, output and error inherited) and waits until it exits. It runs the profile's
   * {@code interactive_resume} command with {@link AgentRequest#resumeSession()} when both exist,
   * else its {@code interactive} command, as an argument list, with the environment of a launch
   * ({@code PORCH_TASK}, {@code PORCH_STATUS_FILE}, ...). Nothing is logged and no status is
   * written; the request's instructions are not used. Blocks the calling thread.
   *
   * @param request the task, its workspace, its agent profile and the session to resume
   * @return the interactive agent's exit code
   * @throws LaunchException if the profile is unknown, has no interactive command, or its program
   *     cannot be started
   * @throws dev.porch.core.error.PorchException if the calling thread is interrupted while waiting (the
   *     agent is then killed)
   * @throws IllegalStateException if this launcher is closed
   */
  public int attach(AgentRequest request) {
    Objects.requireNonNull(request, "request");
    checkOpen();
    return launcher.attach(request);
  }

  /**
   * The command line {@link #attach} would run for {@code request}.
   *
   * @throws LaunchException if the profile is unknown or has no interactive command
   */
  public List<String> attachCommand(AgentRequest request) {
    Objects.requireNonNull(request, "request");
    return launcher.attachCommand(request);
  }

  /** Where {@code task}'s agent output is logged. */
  public Path logFile(TaskName task) {
    return launcher.logFile(task);
  }

  /**
   * Where {@code task}'s readable transcript is written: the model's text, its tool calls and their
   * results, read from the profile's stream (or the plain output lines for a profile without one).
   */
  public Path transcriptFile(TaskName task) {
    return launcher.transcriptFile(task);
  }

  /** Where {@code task}'s rendered prompt is saved. */
  public Path promptFile(TaskName task) {
    return launcher.promptFile(task);
  }

  private AgentHandle track(AgentHandle h) {
    if (!h.outcome().isDone()) {
      live.add(h);
      h.outcome().whenComplete((o, e) -> live.remove(h));
    }
    return h;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this AgentProcesses is closed; build a new one");
    }
  }

  /**
   * Cancels every running agent it started (outcome {@code CANCELLED}, reason "the launcher was
   * closed"), waits up to the grace period plus a few seconds for them to end, kills what is left,
   * and stops all threads. Agents it only {@linkplain #reattach re-attached} to keep running: it
   * stops watching them (their outcome completes with a {@link
   * java.util.concurrent.CancellationException}), so that {@code porch recover} never kills the
   * agents it finds. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<AgentHandle> watched = List.copyOf(live);
    watched.stream().filter(h -> h instanceof ReattachedAgent).forEach(h -> ((ReattachedAgent) h).release());
    List<AgentHandle> running = watched.stream().filter(h -> !(h instanceof ReattachedAgent)).toList();
    running.forEach(h -> h.cancel("the launcher was closed"));
    CompletableFuture<?> all = CompletableFuture.allOf(running.stream().map(AgentHandle::outcome)
        .toArray(CompletableFuture[]::new));
    try {
      all.get(grace.plus(CLOSE_WAIT).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      running.stream().filter(h -> h instanceof LaunchedAgent).forEach(h -> ((LaunchedAgent) h).kill());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scheduler.shutdownNow();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        workers.shutdownNow();
      }
      scheduler.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Settings for {@link AgentProcesses}. Each setter may be called once; unset values get defaults
   * at {@link #build()}: the built-in profiles, the default template, a 10-second grace period and
   * no log size limit.
   */
  public static final class Builder {
    private final Path repoRoot;
    private AgentProfiles profiles;
    private PromptTemplate template;
    private Duration grace;
    private long maxLogBytes = -1;
    private List<String> customCommand;

    private Builder(Path repoRoot) {
      this.repoRoot = repoRoot;
    }

    /**
     * The agent profiles.
     *
     * @param value the profiles, e.g. {@code AgentProfiles.builtIn().with(AgentProfiles.parse(json))}
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalStateException if already set
     */
    public Builder profiles(AgentProfiles value) {
      Objects.requireNonNull(value, "profiles");
      once(profiles, "profiles");
      profiles = value;
      return this;
    }

    /**
     * The prompt template.
     *
     * @param value the template
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalStateException if already set
     */
    public Builder template(PromptTemplate value) {
      Objects.requireNonNull(value, "template");
      once(template, "template");
      template = value;
      return this;
    }

    /**
     * How long a stopped agent may take to exit after the polite request before it and its
     * children are killed.
     *
     * @param value zero or more
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException if already set
     */
    public Builder gracePeriod(Duration value) {
      Objects.requireNonNull(value, "gracePeriod");
      if (value.isNegative()) {
        throw new IllegalArgumentException("the grace period cannot be negative, got " + value);
      }
      once(grace, "gracePeriod");
      grace = value;
      return this;
    }

    /**
     * The most bytes of output logged per attempt; after that the log says {@code [porch: log
     * truncated]} and the rest of the output is read and dropped.
     *
     * @param value 1 or more
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     * @throws IllegalStateException if already set
     */
    public Builder maxLogBytes(long value) {
      if (value < 1) {
        throw new IllegalArgumentException("the log size limit must be 1 byte or more, got " + value);
      }
      if (maxLogBytes != -1) {
        throw new IllegalStateException("maxLogBytes was already set");
      }
      maxLogBytes = value;
      return this;
    }

    /**
     * The command of the {@code custom} profile (its other fields stay), e.g. {@code
     * List.of("my-agent", "--prompt-file", "{prompt_file}")}.
     *
     * @param command program and arguments, with placeholders (see {@link AgentProfile})
     * @return this builder
     * @throws NullPointerException if {@code command} is null
     * @throws IllegalArgumentException if it is empty or its program is blank
     * @throws IllegalStateException if already set
     */
    public Builder customCommand(List<String> command) {
      Objects.requireNonNull(command, "customCommand");
      if (command.isEmpty() || command.get(0).isBlank()) {
        throw new IllegalArgumentException("a custom command needs a program");
      }
      once(customCommand, "customCommand");
      customCommand = List.copyOf(command);
      return this;
    }

    /**
     * Builds the launcher; it starts its timer thread now.
     *
     * @return the launcher, to be closed
     */
    public AgentProcesses build() {
      if (profiles == null) {
        profiles = AgentProfiles.builtIn();
      }
      if (customCommand != null) {
        profiles = profiles.with(profiles.get("custom").orElse(AgentProfile.of("custom", customCommand))
            .withCommand(customCommand));
      }
      if (template == null) {
        template = PromptTemplate.defaultTemplate();
      }
      if (grace == null) {
        grace = Duration.ofSeconds(10);
      }
      if (maxLogBytes == -1) {
        maxLogBytes = Long.MAX_VALUE;
      }
      return new AgentProcesses(this);
    }

    private static void once(Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set");
      }
    }
  }
}
