package dev.porch.examples;

import dev.porch.core.event.EventListener;
import dev.porch.core.event.OrchestrationEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * An event listener that keeps a one-line-per-event log of a run and renders it as Markdown: a
 * table of what happened, then the decision. Thread-safe, as listeners must be.
 *
 * <pre>{@code
 * MarkdownReport report = new MarkdownReport();
 * Orchestrator o = Orchestrator.builder()...listener(report).build();
 * o.run(pattern, request);
 * Files.writeString(Path.of("run.md"), report.markdown());
 * }</pre>
 */
public final class MarkdownReport implements EventListener {
  private final List<String> rows = new ArrayList<>();
  private String decision = "(no decision yet)";

  @Override
  public synchronized void onEvent(OrchestrationEvent e) {
    String what;
    if (e instanceof OrchestrationEvent.StateChanged s) {
      what = "now " + s.to() + s.reason().map(r -> " (" + r + ")").orElse("");
    } else if (e instanceof OrchestrationEvent.Evaluated ev) {
      what = "tests " + (ev.evaluation().passed() ? "pass" : "fail") + ", score " + Math.round(ev.evaluation().score());
    } else if (e instanceof OrchestrationEvent.Decided d) {
      decision = d.decision().verdict() + ": " + d.decision().summary();
      what = "decision " + d.decision().verdict();
    } else if (e instanceof OrchestrationEvent.Merged m) {
      what = "merge " + m.result().status();
    } else {
      what = e.type();
    }
    rows.add("| " + e.at() + " | " + e.task().map(Object::toString).orElse("") + " | " + what.replace("|", "\\|") + " |");
  }

  /** One line per event, as events arrived. */
  public synchronized List<String> lines() {
    return List.copyOf(rows);
  }

  /** The run as Markdown. */
  public synchronized String markdown() {
    StringBuilder b = new StringBuilder("# porch run\n\n| time | task | event |\n|---|---|---|\n");
    rows.forEach(r -> b.append(r).append('\n'));
    return b.append("\n**Decision:** ").append(decision).append('\n').toString();
  }
}
