package dev.porch.core.testing;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.Scheduler;
import dev.porch.core.TaskName;
import dev.porch.core.error.LaunchException;
import dev.porch.core.port.AgentActivity;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.AgentRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link AgentLauncher} that plays a script per task and attempt: succeed (committing files),
 * fail with an exit code, hang until cancelled, hit a rate limit, mark itself COMPLETE or BLOCKED
 * in the status store, or refuse to launch. Each step may take a while, measured on the given
 * scheduler. Records every launch, what the store said at that moment, and the most agents that
 * ran at once. Unscripted attempts succeed at once, committing {@code <task>.txt}. Thread-safe.
 */
public final class ScriptedLauncher implements AgentLauncher {
  private final FakeWorkspaces workspaces;
  private final InMemoryStatusStore store;
  private final Scheduler scheduler;
  private final Clock clock;
  private final Map<TaskName, Deque<Step>> scripts = new HashMap<>();
  private final List<Launch> launches = new ArrayList<>();
  private final Map<Long, FakeHandle> alive = new HashMap<>();
  private int running;
  private int maxRunning;
  private long pids = 1000;

  /** One scripted attempt. */
  public sealed interface Step {}

  /** Exits 0 after {@code after}, having committed {@code files}. */
  public record Succeed(Map<String, String> files, Duration after) implements Step {}

  /** Exits with {@code code} after {@code after}, printing {@code logLines}. */
  public record Fail(int code, Duration after, List<String> logLines) implements Step {}

  /**
   * Runs until cancelled or until the request's timeout passes on the scheduler (then TIMED_OUT, as
   * the process launcher does).
   */
  public record Hang() implements Step {}

  /** The program cannot be started: the outcome is FAILED_TO_START at once, nothing is thrown. */
  public record FailToStart(String why) implements Step {}

  /** Exits 1 after {@code after}, recognised as a rate limit. */
  public record RateLimited(Duration after) implements Step {}

  /** Commits files, writes COMPLETE with {@code summary} itself, then exits 0 after {@code after}. */
  public record MarkComplete(String summary, Map<String, String> files, Duration after) implements Step {}

  /** Writes BLOCKED with {@code reason} itself, then exits 0. */
  public record MarkBlocked(String reason) implements Step {}

  /** {@link #launch} throws a LaunchException. */
  public record Refuse(String why) implements Step {}

  /** Edits {@code files} without committing them and exits 0 (as an agent that may not run git does). */
  public record LeaveUncommitted(List<String> files, Duration after) implements Step {}

  /** A launch as seen by the launcher: the request and every status in the store at that moment. */
  public record Launch(AgentRequest request, Instant at, Map<TaskName, AgentState> storeStates) {}

  public ScriptedLauncher(FakeWorkspaces workspaces, InMemoryStatusStore store, Scheduler scheduler, Clock clock) {
    this.workspaces = workspaces;
    this.store = store;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  public static Step succeed() {
    return new Succeed(Map.of(), Duration.ZERO);
  }

  public static Step succeedAfter(Duration after, Map<String, String> files) {
    return new Succeed(files, after);
  }

  public static Step succeedWith(Map<String, String> files) {
    return new Succeed(files, Duration.ZERO);
  }

  public static Step fail(int code) {
    return new Fail(code, Duration.ZERO, List.of("error: scripted failure " + code));
  }

  public static Step hang() {
    return new Hang();
  }

  public static Step failToStart() {
    return new FailToStart("scripted: program not found");
  }

  public static Step rateLimited() {
    return new RateLimited(Duration.ZERO);
  }

  /** Scripts {@code steps} for {@code task}'s next attempts, one step per attempt. */
  public synchronized ScriptedLauncher script(TaskName task, Step... steps) {
    scripts.computeIfAbsent(task, t -> new ArrayDeque<>()).addAll(List.of(steps));
    return this;
  }

  public synchronized List<Launch> launches() {
    return List.copyOf(launches);
  }

  /** Launches of {@code task}, in order. */
  public synchronized List<Launch> launches(TaskName task) {
    return launches.stream().filter(l -> l.request().task().equals(task)).toList();
  }

  public synchronized int maxConcurrent() {
    return maxRunning;
  }

  public synchronized int running() {
    return running;
  }

  /** Kills the process {@code pid} behind the engine's back: it ends, and reattach no longer finds it. */
  public synchronized void kill(long pid) {
    FakeHandle h = alive.remove(pid);
    if (h != null) {
      h.end(AgentOutcome.stopped(h.task, AgentOutcome.Kind.CANCELLED, "killed", Duration.ZERO, List.of()));
    }
  }

  @Override
  public AgentHandle launch(AgentRequest request) {
    Step step;
    FakeHandle h;
    synchronized (this) {
      Map<TaskName, AgentState> states = new HashMap<>();
      store.list().statuses().forEach(s -> states.put(s.task(), s.status()));
      launches.add(new Launch(request, clock.instant(), states));
      Deque<Step> q = scripts.get(request.task());
      step = q == null || q.isEmpty() ? null : q.poll();
      if (step == null) {
        step = succeedWith(Map.of(request.task() + ".txt", "work of " + request.task() + "\n"));
      }
      if (step instanceof Refuse r) {
        throw new LaunchException(request.task(), r.why(), List.of(), null);
      }
      h = new FakeHandle(request.task(), ++pids, clock.instant());
      alive.put(h.pid, h);
      running++;
      maxRunning = Math.max(maxRunning, running);
    }
    play(step, h, request);
    return h;
  }

  private void play(Step step, FakeHandle h, AgentRequest request) {
    TaskName task = request.task();
    if (step instanceof Succeed s) {
      later(h, s.after(), () -> {
        workspaces.commitTo(task, s.files().isEmpty() ? Map.of(task + ".txt", "work\n") : s.files(), "work on " + task);
        h.end(AgentOutcome.exited(task, 0, s.after(), List.of("done")));
      });
    } else if (step instanceof Fail f) {
      later(h, f.after(), () -> h.end(AgentOutcome.exited(task, f.code(), f.after(), f.logLines())));
    } else if (step instanceof RateLimited r) {
      later(h, r.after(), () -> h.end(AgentOutcome.exited(task, 1, r.after(), List.of("429 rate limit")).asRateLimited()));
    } else if (step instanceof MarkComplete m) {
      later(h, m.after(), () -> {
        workspaces.commitTo(task, m.files().isEmpty() ? Map.of(task + ".txt", "work\n") : m.files(), "work on " + task);
        store.update(task, s -> s.moveTo(AgentState.COMPLETE, clock.instant()).withSummary(m.summary()));
        h.end(AgentOutcome.exited(task, 0, m.after(), List.of("marked complete")));
      });
    } else if (step instanceof LeaveUncommitted u) {
      later(h, u.after(), () -> {
        workspaces.setDirty(task, u.files());
        h.end(AgentOutcome.exited(task, 0, u.after(), List.of("edited, not committed")));
      });
    } else if (step instanceof FailToStart f) {
      h.end(AgentOutcome.stopped(task, AgentOutcome.Kind.FAILED_TO_START, f.why(), Duration.ZERO, List.of(f.why())));
    } else if (step instanceof Hang && request.timeout().isPresent()) {
      Duration limit = request.timeout().get();
      h.timer = scheduler.schedule(() -> h.end(AgentOutcome.stopped(task, AgentOutcome.Kind.TIMED_OUT,
          "timed out after " + limit, limit, List.of("timed out"))), limit);
    } else if (step instanceof MarkBlocked b) {
      store.update(task, s -> s.moveTo(AgentState.BLOCKED, clock.instant()).withError(b.reason()));
      h.end(AgentOutcome.exited(task, 0, Duration.ZERO, List.of("blocked")));
    }
    // Hang without a timeout: ends only when cancelled
  }

  private void later(FakeHandle h, Duration after, Runnable r) {
    if (after.isZero()) {
      r.run();
    } else {
      h.timer = scheduler.schedule(() -> {
        if (!h.outcome.isDone()) {
          r.run();
        }
      }, after);
    }
  }

  @Override
  public synchronized Optional<AgentHandle> reattach(TaskName task, long pid, Instant processStarted) {
    FakeHandle h = alive.get(pid);
    if (h == null || !h.task.equals(task) || !h.started.equals(processStarted)) {
      return Optional.empty();
    }
    return Optional.of(h);
  }

  /** Makes the running agent of {@code task} report {@code activity} (as a CLI's stream would). */
  public synchronized void activity(TaskName task, AgentActivity activity) {
    alive.values().stream().filter(h -> h.task.equals(task)).forEach(h -> h.activity = activity);
  }

  /** The status a test can expect, read back from the store. */
  public AgentStatus statusOf(TaskName task) {
    return store.read(task).orElseThrow();
  }

  private final class FakeHandle implements AgentHandle {
    final TaskName task;
    final long pid;
    final Instant started;
    final CompletableFuture<AgentOutcome> outcome = new CompletableFuture<>();
    volatile Scheduler.Cancellable timer;
    volatile AgentActivity activity;

    FakeHandle(TaskName task, long pid, Instant started) {
      this.task = task;
      this.pid = pid;
      this.started = started;
    }

    void end(AgentOutcome o) {
      synchronized (ScriptedLauncher.this) {
        if (outcome.isDone()) {
          return;
        }
        running--;
        alive.remove(pid);
      }
      outcome.complete(o);
    }

    @Override
    public TaskName task() {
      return task;
    }

    @Override
    public CompletableFuture<AgentOutcome> outcome() {
      return outcome;
    }

    @Override
    public void cancel(String reason) {
      if (timer != null) {
        timer.cancel();
      }
      end(AgentOutcome.stopped(task, AgentOutcome.Kind.CANCELLED, reason, Duration.ZERO, List.of("cancelled")));
    }

    @Override
    public OptionalLong pid() {
      return OptionalLong.of(pid);
    }

    @Override
    public Optional<Instant> processStarted() {
      return Optional.of(started);
    }

    @Override
    public List<String> logTail(int lines) {
      return List.of("line of " + task);
    }

    @Override
    public Optional<AgentActivity> activity() {
      return Optional.ofNullable(activity);
    }
  }
}
