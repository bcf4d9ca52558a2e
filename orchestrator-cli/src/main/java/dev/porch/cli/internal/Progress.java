package dev.porch.cli.internal;

import dev.porch.core.AgentState;
import dev.porch.core.TaskName;
import dev.porch.core.event.EventListener;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.project.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live progress display of a run, on stderr: one line per agent (state, elapsed, tokens and
 * cost when its CLI reports them, what it is doing now or its last log line). On a terminal it redraws in place four times a second; elsewhere it prints one line per
 * state change. Never used with {@code --json} or {@code --quiet}. Thread-safe.
 */
public final class Progress implements EventListener, AutoCloseable {
  private final PrintWriter err;
  private final Style style;
  private final boolean terminal;
  private final Map<TaskName, Row> rows = new LinkedHashMap<>();
  private final ScheduledExecutorService ticker;
  private int drawn;

  private static final class Row {
    AgentState state = AgentState.PENDING;
    Instant started;
    Instant ended;
    String last = "";
    dev.porch.core.port.Usage usage = dev.porch.core.port.Usage.NONE;
  }

  public Progress(PrintWriter err, Style style, boolean terminal) {
    this.err = err;
    this.style = style;
    this.terminal = terminal;
    if (terminal) {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "porch-progress");
        t.setDaemon(true);
        return t;
      });
      ticker.scheduleAtFixedRate(this::redraw, 250, 250, TimeUnit.MILLISECONDS);
    } else {
      ticker = null;
    }
  }

  @Override
  public synchronized void onEvent(OrchestrationEvent e) {
    if (e instanceof OrchestrationEvent.StateChanged sc) {
      Row r = rows.computeIfAbsent(sc.taskName(), k -> new Row());
      r.state = sc.to();
      if (sc.to() == AgentState.RUNNING && r.started == null) {
        r.started = sc.at();
      }
      if (sc.to().isFinal()) {
        r.ended = sc.at();
      }
      sc.reason().ifPresent(reason -> r.last = reason);
      if (!terminal) {
        err.println("porch: " + sc.taskName() + " " + sc.to() + sc.reason().map(x -> ": " + Sanitize.text(x, 100)).orElse(""));
        err.flush();
      }
    } else if (e instanceof OrchestrationEvent.AgentProgress p) {
      Row r = rows.computeIfAbsent(p.taskName(), k -> new Row());
      // what the agent is doing, read from its CLI's stream; a notice (rate limited, login) comes first
      r.last = p.activity().flatMap(a -> a.notice().or(a::doing)).orElse(p.lastLine());
      p.activity().ifPresent(a -> r.usage = a.usage());
    } else if (e instanceof OrchestrationEvent.RetryScheduled rs) {
      rows.computeIfAbsent(rs.taskName(), k -> new Row()).last =
          "retry " + rs.nextAttempt() + " in " + Durations.format(rs.delay()) + ": " + rs.reason();
    } else if (e instanceof OrchestrationEvent.Evaluated ev) {
      Row r = rows.computeIfAbsent(ev.taskName(), k -> new Row());
      r.last = ev.evaluation().tests().map(t -> t.passed() ? "tests pass" : "tests fail").orElse("evaluated")
          + ev.evaluation().tests().filter(t -> t.hasCounts()).map(t -> " (" + t.passedCount() + "/" + (t.passedCount() + t.failedCount()) + ")").orElse("");
      if (!terminal) {
        err.println("porch: " + ev.taskName() + " " + r.last);
        err.flush();
      }
    }
  }

  private synchronized void redraw() {
    StringBuilder b = new StringBuilder();
    if (drawn > 0) {
      b.append("\033[").append(drawn).append("F"); // back to the first line we drew
    }
    Instant now = Instant.now();
    int width = rows.keySet().stream().mapToInt(t -> t.value().length()).max().orElse(4);
    boolean usage = rows.values().stream().anyMatch(r -> !r.usage.isEmpty());
    for (Map.Entry<TaskName, Row> en : rows.entrySet()) {
      Row r = en.getValue();
      String elapsed = r.started == null ? "-" : Durations.format(Duration.between(r.started, r.ended == null ? now : r.ended));
      String state = String.format("%-8s", r.state.name());
      b.append("\033[2K").append(String.format("%-" + width + "s", en.getKey().value())).append("  ")
          .append(style.state(r.state).apply(state)).append(String.format(" %8s  ", elapsed))
          .append(usage ? String.format("%-11s %6s  ", Usages.tokens(r.usage), Usages.cost(r.usage)) : "")
          .append(Sanitize.text(r.last, usage ? 50 : 70)).append('\n');
    }
    drawn = rows.size();
    err.print(b);
    err.flush();
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
      try {
        ticker.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      redraw();
    }
  }
}
