package dev.porch.mcp.internal;

import dev.porch.core.AgentStatus;
import dev.porch.core.RunHandle;
import dev.porch.core.TaskName;
import dev.porch.core.port.StatusChange;
import dev.porch.core.port.StatusListing;
import dev.porch.core.port.StatusStore;
import dev.porch.mcp.PorchHost;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code wait}: blocks until the given tasks are final (COMPLETE or FAILED), or a run started here
 * has ended, or the timeout passes; wakes on the status store's change events (never polls the
 * files on a timer) and sends a progress notification on each change when the client gave a
 * progress token.
 */
final class WaitTool {
  /** The longest one call may wait; a client can call again. */
  static final int MAX_SECONDS = 3600;
  private final PorchHost host;
  private final Runs runs;

  WaitTool(PorchHost host, Runs runs) {
    this.host = host;
    this.runs = runs;
  }

  SyncToolSpecification spec() {
    Schema in = Schema.object()
        .strings("tasks", "Tasks to wait for (default: every task, or the run's tasks).", false)
        .string("run", "A run id returned by launch, tell or a pattern tool: wait until the run has ended"
            + " (evaluated, decided, merged) and return its report.", false)
        .integer("timeout_seconds", "Give up after this long and return what is known.", 1, MAX_SECONDS, 300);
    Schema out = Schema.object()
        .any("finished", "boolean", "Whether everything waited for is final (or the run ended).", true)
        .any("timed_out", "boolean", "Whether the timeout passed first.", true)
        .any("status", "object", "The tasks' statuses (porch.status/v1).", true)
        .field("report", Map.of("type", List.of("object", "null"), "description",
            "The run's report (porch.run/v1) once it has ended; null otherwise."), true);
    return Tool.of(host, "wait", "Wait for agents",
        "Wait until the given tasks are COMPLETE or FAILED (or a run has ended, merges included), or the timeout"
            + " passes; returns their statuses. Sends progress notifications while waiting.",
        in, out, true, false, this::call);
  }

  private Map<String, Object> call(Args a, Tool.Call call) throws InterruptedException {
    Duration limit = Duration.ofSeconds(a.integer("timeout_seconds", 1, MAX_SECONDS).orElse(300));
    Optional<String> runId = a.string("run");
    Optional<RunHandle> run = Optional.empty();
    Set<TaskName> tasks = new LinkedHashSet<>();
    for (String t : a.strings("tasks")) {
      tasks.add(TaskName.of(t));
    }
    StatusStore store = host.statuses();
    if (runId.isPresent()) {
      run = runs.find(runId.get());
      if (run.isEmpty()) {
        throw new ToolInputException("no run " + runId.get() + " was started by this server",
            "wait on its tasks instead (the tasks argument), or see the status tool");
      }
      if (tasks.isEmpty()) {
        tasks.addAll(run.get().view().plan().names());
      }
    } else if (tasks.isEmpty()) {
      store.list().statuses().forEach(s -> tasks.add(s.task()));
    } else {
      Set<TaskName> known = new LinkedHashSet<>();
      store.list().statuses().forEach(s -> known.add(s.task()));
      for (TaskName t : tasks) {
        if (!known.contains(t)) {
          throw new ToolInputException("there is no task " + t + " (no status file); see the status tool");
        }
      }
    }
    Optional<RunHandle> handle = run;
    BlockingQueue<StatusChange> changes = new LinkedBlockingQueue<>();
    long deadline = System.nanoTime() + limit.toNanos();
    StatusListing reading;
    try (StatusStore.Subscription sub = store.watch(changes::add)) {
      reading = only(store.list(), tasks);
      BooleanSupplier done = () -> runId.map(id -> runs.ended(id).isDone()).orElse(false);
      Progress progress = new Progress(call, tasks.size());
      while (!(handle.isPresent() ? done.getAsBoolean() : allFinal(reading))) {
        progress.saw(reading);
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        // wake at least each second: the deadline, and a run's end, which is no status change
        if (changes.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS) != null) {
          changes.clear();
        }
        reading = only(store.list(), tasks);
      }
    }
    boolean finished = handle.isPresent() ? runs.ended(runId.get()).isDone() : allFinal(reading);
    Object report = finished && handle.isPresent() ? host.runReport(handle.get().result().join()) : null;
    return WorkflowTools.doc("porch.wait/v1", "finished", finished, "timed_out", !finished, "status",
        host.statusDocument(reading), "report", report);
  }

  private static StatusListing only(StatusListing all, Set<TaskName> tasks) {
    List<AgentStatus> mine = new ArrayList<>();
    for (AgentStatus s : all.statuses()) {
      if (tasks.contains(s.task())) {
        mine.add(s);
      }
    }
    return new StatusListing(mine, all.problems());
  }

  private static boolean allFinal(StatusListing l) {
    return l.statuses().stream().allMatch(s -> s.status().isFinal());
  }

  /**
   * Progress notifications, one per change seen: the spec wants the value to grow with each, so it
   * counts notifications and the message says how many tasks are final.
   */
  private static final class Progress {
    private final Tool.Call call;
    private final int total;
    private String last = "";
    private int sent;

    Progress(Tool.Call call, int total) {
      this.call = call;
      this.total = total;
    }

    void saw(StatusListing reading) {
      long finals = reading.statuses().stream().filter(s -> s.status().isFinal()).count();
      StringBuilder m = new StringBuilder(finals + " of " + total + " final");
      for (AgentStatus s : reading.statuses()) {
        m.append("; ").append(s.task()).append(' ').append(s.status());
      }
      if (!m.toString().equals(last)) {
        last = m.toString();
        call.progress(++sent, null, last);
      }
    }
  }
}
