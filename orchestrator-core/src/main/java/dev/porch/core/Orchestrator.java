package dev.porch.core;

import dev.porch.core.error.IllegalTransitionException;
import dev.porch.core.error.InvalidPlanException;
import dev.porch.core.error.PorchException;
import dev.porch.core.error.StatusFileException;
import dev.porch.core.error.TaskExistsException;
import dev.porch.core.error.TaskInOtherRunException;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.event.EventListener;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.internal.engine.DefaultRunHandle;
import dev.porch.core.internal.engine.EngineContext;
import dev.porch.core.internal.engine.FollowUps;
import dev.porch.core.internal.engine.RunEngine;
import dev.porch.core.internal.engine.ThreadScheduler;
import dev.porch.core.internal.recovery.Recovery;
import dev.porch.core.pattern.OrchestrationPattern;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.Branches;
import dev.porch.core.port.Evaluator;
import dev.porch.core.port.StatusStore;
import dev.porch.core.port.WorkspaceProvider;
import dev.porch.core.port.Worktrees;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The engine: runs an {@link OrchestrationPattern} over the ports. It makes workspaces, writes
 * PENDING statuses, starts agents in dependency order under a concurrency limit, follows their
 * status files, retries rate-limited failures with backoff, enforces timeouts, evaluates finished
 * work, asks the pattern for a decision, predicts conflicts, merges and cleans up, reporting every
 * step as an {@link OrchestrationEvent}. See {@code docs/engine.md}.
 *
 * <p><b>Threads.</b> Thread-safe; runs may overlap (on different tasks). Each run gets its own
 * threads (named {@code porch-run-<n>-...}) unless a {@link Scheduler} was given, and they stop when
 * the run ends; {@link #close()} cancels runs still going and waits for their threads.
 *
 * <pre>{@code
 * try (Orchestrator o = Orchestrator.builder().workspaces(git).statusStore(files)
 *     .launcher(agents).evaluator(tests).listener(printer).build()) {
 *   RunResult r = o.run(Patterns.competitive(3), RunRequest.of(TaskName.of("auth"), "Add a login form"));
 * }
 * }</pre>
 */
public final class Orchestrator implements AutoCloseable {
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger RUNS = new AtomicInteger();
  private final EngineContext ctx;
  private final Set<RunEngine> live = ConcurrentHashMap.newKeySet();
  private final List<Scheduler> owned = new ArrayList<>();
  private volatile boolean closed;

  private Orchestrator(EngineContext ctx) {
    this.ctx = ctx;
  }

  /** A builder; the four ports are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs {@code pattern} for {@code request} and waits for the end.
   *
   * @return the result; a run that merges nothing is still a result
   * @throws PorchException if the pattern cannot plan the request, a task already has a status file,
   *     or the waiting thread is interrupted (the run is then cancelled)
   * @throws InvalidPlanException if the plan is invalid
   * @throws IllegalStateException if this orchestrator is closed
   */
  public RunResult run(OrchestrationPattern pattern, RunRequest request) {
    RunHandle h = start(pattern, request);
    try {
      return h.result().get();
    } catch (InterruptedException e) {
      h.cancel();
      Thread.currentThread().interrupt();
      throw new PorchException("interrupted while waiting for run " + h.runId() + "; it was cancelled", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new PorchException("run " + h.runId() + " ended abnormally", e.getCause());
    }
  }

  /**
   * Starts {@code pattern} for {@code request} and returns at once.
   *
   * @return a handle to watch, cancel or wait for the run
   * @throws PorchException if the pattern cannot plan the request
   * @throws InvalidPlanException if the plan is invalid
   * @throws WorkspaceException if a task of the plan already has a status file (unless {@link
   *     RunOptions#reuseExistingWorkspaces()}), or, for a {@linkplain RunOptions#followUp() follow-up},
   *     a task has no status file or no worktree
   * @throws IllegalTransitionException for a follow-up, if a task is PENDING or RUNNING (its agent
   *     has not ended)
   * @throws IllegalStateException if this orchestrator is closed
   */
  public RunHandle start(OrchestrationPattern pattern, RunRequest request) {
    Plan plan = plan(pattern, request);
    if (request.options().followUp()) {
      for (TaskName t : plan.names()) {
        FollowUps.check(ctx.workspaces(), ctx.statuses(), t);
      }
      return launch(pattern, request, plan, newRunId(request.feature()), true);
    }
    if (!request.options().reuseExistingWorkspaces()) {
      for (TaskName t : plan.names()) {
        Optional<AgentStatus> s = ctx.statuses().read(t);
        if (s.isPresent()) {
          throw new TaskExistsException(t, s.get().status(), s.get().run(), request.feature());
        }
      }
    }
    return launch(pattern, request, plan, newRunId(request.feature()), request.options().reuseExistingWorkspaces());
  }

  /**
   * Continues an unfinished run (see {@link #recover()}) in its existing workspaces: COMPLETE and
   * FAILED tasks stay as they are (COMPLETE ones are evaluated again), PENDING and BLOCKED ones
   * start, RUNNING ones are reattached or failed, tasks without a workspace get one.
   *
   * @param runId the run's id, from its status files
   * @param pattern the pattern it ran (its plan must name the same tasks)
   * @param request the request it ran
   * @return a handle to the continued run
   * @throws PorchException if a task's status belongs to another run, or the pattern cannot plan
   * @throws IllegalStateException if this orchestrator is closed
   */
  public RunHandle resume(String runId, OrchestrationPattern pattern, RunRequest request) {
    Objects.requireNonNull(runId, "runId");
    Plan plan = plan(pattern, request);
    for (TaskName t : plan.names()) {
      Optional<String> other = ctx.statuses().read(t).flatMap(AgentStatus::run).filter(r -> !r.equals(runId));
      if (other.isPresent()) {
        throw new TaskInOtherRunException(t, other.get(), runId);
      }
    }
    return launch(pattern, request, plan, runId, true);
  }

  /**
   * Reconciles status files and git after a crash; see {@link RecoveryReport}. Agents still alive
   * are adopted: their status is finished when they end.
   *
   * @return what was found and done
   * @throws StatusFileException if the status directory cannot be read at all
   * @throws WorkspaceException if git cannot list worktrees
   */
  public RecoveryReport recover() {
    return new Recovery(ctx).recover();
  }

  private Plan plan(OrchestrationPattern pattern, RunRequest request) {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(request, "request");
    if (closed) {
      throw new IllegalStateException("this orchestrator is closed; build a new one");
    }
    Plan plan;
    try {
      plan = pattern.plan(request);
    } catch (InvalidPlanException | IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new PorchException("pattern " + pattern.name() + " could not plan " + request.feature() + ": " + e, e);
    }
    if (plan == null) {
      throw new PorchException("pattern " + pattern.name() + " returned no plan for " + request.feature());
    }
    return plan;
  }

  private RunHandle launch(OrchestrationPattern pattern, RunRequest request, Plan plan, String runId, boolean reuse) {
    RunEngine engine = new RunEngine(ctx, pattern, request, plan, runId, reuse);
    engine.ownScheduler().ifPresent(s -> {
      synchronized (owned) {
        owned.removeIf(o -> o instanceof ThreadScheduler ts && ts.isTerminated());
        owned.add(s);
      }
    });
    live.add(engine);
    engine.result().whenComplete((r, e) -> live.remove(engine));
    engine.start();
    return new DefaultRunHandle(engine);
  }

  private String newRunId(TaskName feature) {
    String at = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(ctx.clock().instant());
    return feature + "-" + at + "-" + RUNS.incrementAndGet();
  }

  /**
   * Cancels the runs still going, waits up to 30 s for them to end, and stops the threads this
   * orchestrator made. A scheduler given to the builder is not closed: its owner closes it.
   * Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    for (RunEngine e : live) {
      e.cancel("the orchestrator was closed");
    }
    try {
      java.util.concurrent.CompletableFuture.allOf(live.stream().map(RunEngine::result)
          .toArray(java.util.concurrent.CompletableFuture[]::new)).get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
      // close stops threads whatever state the runs are in
    }
    List<Scheduler> toClose;
    synchronized (owned) {
      toClose = List.copyOf(owned);
      owned.clear();
    }
    toClose.forEach(Scheduler::close);
  }

  /**
   * Builds an {@link Orchestrator}. Each setter may be called once (listeners: any number of
   * times); each rejects null.
   */
  public static final class Builder {
    private WorkspaceProvider workspaces;
    private StatusStore statusStore;
    private AgentLauncher launcher;
    private Evaluator evaluator;
    private Clock clock;
    private Scheduler scheduler;
    private final List<EventListener> listeners = new ArrayList<>();

    private Builder() {}

    private static <T> T once(T current, T value, String name) {
      Objects.requireNonNull(value, name);
      if (current != null) {
        throw new IllegalStateException(name + " was already set");
      }
      return value;
    }

    /**
     * The workspace provider (git worktrees).
     *
     * @throws NullPointerException if null
     * @throws IllegalStateException if already set
     */
    public Builder workspaces(WorkspaceProvider workspaces) {
      this.workspaces = once(this.workspaces, workspaces, "workspaces");
      return this;
    }

    /**
     * The workspace provider from its two halves, for an embedder who brings only one of them
     * (e.g. its own {@link Worktrees} for remote machines, with git's {@link Branches}).
     *
     * @throws NullPointerException if either is null
     * @throws IllegalStateException if the workspaces were already set
     */
    public Builder workspaces(Worktrees worktrees, Branches branches) {
      return workspaces(WorkspaceProvider.of(worktrees, branches));
    }

    /**
     * The status store.
     *
     * @throws NullPointerException if null
     * @throws IllegalStateException if already set
     */
    public Builder statusStore(StatusStore statusStore) {
      this.statusStore = once(this.statusStore, statusStore, "statusStore");
      return this;
    }

    /**
     * The agent launcher.
     *
     * @throws NullPointerException if null
     * @throws IllegalStateException if already set
     */
    public Builder launcher(AgentLauncher launcher) {
      this.launcher = once(this.launcher, launcher, "launcher");
      return this;
    }

    /**
     * The evaluator.
     *
     * @throws NullPointerException if null
     * @throws IllegalStateException if already set
     */
    public Builder evaluator(Evaluator evaluator) {
      this.evaluator = once(this.evaluator, evaluator, "evaluator");
      return this;
    }

    /**
     * The clock for status times, timeouts and events. Default: the UTC system clock.
     *
     * @throws NullPointerException if null
     * @throws IllegalStateException if already set
     */
    public Builder clock(Clock clock) {
      this.clock = once(this.clock, clock, "clock");
      return this;
    }

    /**
     * The scheduler every run uses, owned by the caller (never closed by the orchestrator). Default:
     * each run makes its own threads and stops them when it ends. With a scheduler whose tasks only
     * run when a test drives it, use {@link #start} rather than the blocking {@link #run}.
     *
     * @throws NullPointerException if null
     * @throws IllegalStateException if already set
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = once(this.scheduler, scheduler, "scheduler");
      return this;
    }

    /**
     * Adds a listener for every event; listeners are called in the order added.
     *
     * @throws NullPointerException if null
     */
    public Builder listener(EventListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Adds a listener for events of one type.
     *
     * @throws NullPointerException if either is null
     */
    public <T extends OrchestrationEvent> Builder listener(Class<T> type, Consumer<? super T> listener) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(listener, "listener");
      listeners.add(e -> {
        if (type.isInstance(e)) {
          listener.accept(type.cast(e));
        }
      });
      return this;
    }

    /**
     * Builds the orchestrator.
     *
     * @throws IllegalStateException naming every required port not set
     */
    public Orchestrator build() {
      List<String> missing = new ArrayList<>();
      if (workspaces == null) {
        missing.add("workspaces");
      }
      if (statusStore == null) {
        missing.add("statusStore");
      }
      if (launcher == null) {
        missing.add("launcher");
      }
      if (evaluator == null) {
        missing.add("evaluator");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("cannot build an orchestrator without " + String.join(", ", missing)
            + "; call " + String.join("(...), ", missing) + "(...) first");
      }
      Supplier<Scheduler> schedulers = scheduler != null ? () -> scheduler
          : () -> Scheduler.threads("porch-run-" + RUNS.get() + "-");
      return new Orchestrator(new EngineContext(workspaces, statusStore, launcher, evaluator,
          clock != null ? clock : Clock.systemUTC(), schedulers, scheduler != null, listeners));
    }
  }
}
