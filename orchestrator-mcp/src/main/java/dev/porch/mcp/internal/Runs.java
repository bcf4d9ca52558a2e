package dev.porch.mcp.internal;

import dev.porch.core.Orchestrator;
import dev.porch.core.RunHandle;
import dev.porch.core.RunRequest;
import dev.porch.core.pattern.OrchestrationPattern;
import dev.porch.mcp.PorchHost;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The runs this server started in the background ({@code launch}, {@code tell} and the pattern
 * tools). A run holds the repository lock from start to end, as the CLI's foreground run and its
 * background supervisor do, so nothing another porch refuses while a run goes on is let through
 * here either. The server process is the runs' supervisor: when the client goes away it stays until
 * they have ended ({@link #awaitAll}).
 */
public final class Runs implements AutoCloseable {
  private final PorchHost host;
  private final Map<String, RunHandle> runs = new ConcurrentHashMap<>();
  private final Map<String, String> kinds = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<dev.porch.core.RunResult>> released = new ConcurrentHashMap<>();
  private final ExecutorService closer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "porch-mcp-run-closer");
    t.setDaemon(true);
    return t;
  });
  private volatile Consumer<String> onEnd = id -> { };

  public Runs(PorchHost host) {
    this.host = host;
  }

  /** Called with a run's id when it ends (after its orchestrator and lock are released). */
  void onEnd(Consumer<String> listener) {
    this.onEnd = listener;
  }

  /**
   * The repository lock for a changing tool call, as {@link PorchHost#lock}. A run started here holds
   * the lock until it ends, so when the wait for it runs out while one goes on, the refusal names that
   * run and the wait tool instead of this very process ("locked by process N") and its CLI hints.
   *
   * @throws dev.porch.core.error.PorchException if the lock is not had in time
   */
  AutoCloseable lock() {
    try {
      return host.lock();
    } catch (dev.porch.core.error.PorchException e) {
      List<String> live = released.entrySet().stream().filter(r -> !r.getValue().isDone()).map(Map.Entry::getKey)
          .sorted().toList();
      if (live.isEmpty()) {
        throw e;
      }
      throw new dev.porch.core.error.PorchException("the repository is locked by run " + String.join(", ", live)
          + ", which this server started; it holds the lock until it has ended",
          List.of("call the wait tool with run " + live.get(0) + ", then call this tool again"), e);
    }
  }

  /**
   * Takes the repository lock, starts {@code pattern} and returns at once.
   *
   * @return the run's handle
   * @throws dev.porch.core.error.PorchException whatever taking the lock or starting refuses; nothing is left held
   */
  RunHandle start(String kind, OrchestrationPattern pattern, RunRequest request) {
    AutoCloseable lock = lock();
    Orchestrator orchestrator = null;
    RunHandle handle;
    try {
      orchestrator = host.orchestrator();
      handle = orchestrator.start(pattern, request);
    } catch (RuntimeException e) {
      release(orchestrator, lock, e);
      throw e;
    }
    CompletableFuture<dev.porch.core.RunResult> done = new CompletableFuture<>();
    released.put(handle.runId(), done);
    runs.put(handle.runId(), handle);
    kinds.put(handle.runId(), kind);
    Orchestrator owned = orchestrator;
    // released on another thread: an orchestrator is not closed from inside its own run's threads
    handle.result().whenCompleteAsync((r, e) -> {
      release(owned, lock, null);
      done.complete(r);
      onEnd.accept(handle.runId());
    }, closer);
    return handle;
  }

  Optional<RunHandle> find(String id) {
    return Optional.ofNullable(runs.get(id));
  }

  /**
   * Completes with the run's result once it has ended and its lock is released, so a caller that
   * waited for it can change the repository at once.
   */
  CompletableFuture<dev.porch.core.RunResult> ended(String id) {
    return released.getOrDefault(id, CompletableFuture.failedFuture(new IllegalArgumentException("no run " + id)));
  }

  String kind(String id) {
    return kinds.getOrDefault(id, "run");
  }

  /** Whether a run is still going. */
  public boolean anyLive() {
    return released.values().stream().anyMatch(f -> !f.isDone());
  }

  /**
   * Waits until every run started here has ended, looking again every {@code step} (each run is
   * bounded by its own agents' time limits).
   */
  public void awaitAll(Duration step) throws InterruptedException {
    while (anyLive()) {
      CompletableFuture<?> all = CompletableFuture.allOf(released.values().toArray(CompletableFuture[]::new));
      try {
        all.get(step.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
        // look again: runs may have been added
      }
    }
  }

  /** Cancels the runs still going and waits briefly for their locks to be released. */
  @Override
  public void close() {
    runs.values().forEach(RunHandle::cancel);
    try {
      CompletableFuture.allOf(runs.values().stream().map(RunHandle::result).toArray(CompletableFuture[]::new))
          .get(60, TimeUnit.SECONDS);
      closer.shutdown(); // after the runs ended, so their releases were queued
      closer.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      closer.shutdown();
    }
  }

  private static void release(Orchestrator orchestrator, AutoCloseable lock, RuntimeException failure) {
    try {
      if (orchestrator != null) {
        orchestrator.close();
      }
    } catch (RuntimeException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
    } finally {
      try {
        lock.close();
      } catch (Exception e) {
        if (failure != null) {
          failure.addSuppressed(e);
        }
      }
    }
  }
}
