package dev.porch.cli.internal;

import dev.porch.core.AgentStatus;
import dev.porch.core.Decision;
import dev.porch.core.RunResult;
import dev.porch.core.StateLayout;
import dev.porch.core.TaskName;
import dev.porch.core.port.Evaluation;
import dev.porch.core.port.MergeResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The final report of a pattern run: evaluations side by side, the decision, the merges. */
public final class RunReport {
  /** JSON schema name for pattern commands' {@code --json}. */
  public static final String SCHEMA = "porch.run/v1";

  private RunReport() {}

  /** Prints the report as text on {@code out}, 80 columns wide. */
  public static void print(RunResult result, Style style, PrintWriter out) {
    print(result, style, out, 80);
  }

  /**
   * Prints the report as text on {@code out}, the table fitted to {@code width} columns; TOKENS and
   * COST appear when an agent's CLI reported them, with the run's total after the table.
   */
  public static void print(RunResult result, Style style, PrintWriter out, int width) {
    java.util.Collection<AgentStatus> statuses = result.statuses().values();
    boolean tokens = statuses.stream().anyMatch(s -> !Usages.tokens(Usages.of(s)).equals("-"));
    boolean cost = statuses.stream().anyMatch(s -> Usages.of(s).costUsd().isPresent());
    List<String> headers = new ArrayList<>(List.of("TASK", "STATE", "TESTS", "SCORE", "DIFF"));
    if (tokens) {
      headers.add("TOKENS");
    }
    if (cost) {
      headers.add("COST");
    }
    headers.add("SUMMARY");
    Table t = new Table(headers.toArray(String[]::new));
    Decision d = result.decision();
    for (AgentStatus s : statuses) {
      Optional<Evaluation> ev = Optional.ofNullable(result.evaluations().get(s.task()));
      String tests = ev.flatMap(Evaluation::tests)
          .map(r -> (r.passed() ? "pass" : r.timedOut() ? "timeout" : "fail")
              + (r.hasCounts() ? " " + r.passedCount() + "/" + (r.passedCount() + r.failedCount()) : ""))
          .orElse("-");
      String score = ev.map(e -> String.format(java.util.Locale.ROOT, "%.1f", e.score())).orElse("-");
      String diff = ev.map(e -> "+" + e.diff().insertions() + " -" + e.diff().deletions()).orElse("-");
      String mark = d.winner().filter(s.task()::equals).isPresent() ? " *" : "";
      List<String> cells = new ArrayList<>(List.of(s.task().value() + mark, s.status().name(), tests, score, diff));
      if (tokens) {
        cells.add(Usages.tokens(Usages.of(s)));
      }
      if (cost) {
        cells.add(Usages.cost(Usages.of(s)));
      }
      cells.add(Sanitize.text(s.summary().or(s::error).orElse(""), 200));
      List<java.util.function.UnaryOperator<String>> styles = new ArrayList<>();
      for (int i = 0; i < cells.size(); i++) {
        styles.add(i == 1 ? style.state(s.status()) : java.util.function.UnaryOperator.identity());
      }
      t.row(cells, styles);
    }
    t.print(out, style.header(), width);
    if (Usages.any(statuses)) {
      out.println(Usages.sentence(Usages.total(statuses)));
    }
    out.println();
    out.println("Decision: " + d.verdict() + " - " + Sanitize.text(d.summary()));
    for (Map.Entry<TaskName, String> r : d.reasons().entrySet()) {
      out.println("  " + r.getKey() + ": " + Sanitize.text(r.getValue()));
    }
    // the library's summary says what to do in its own terms; here the commands that do it
    if (d.verdict() == Decision.Verdict.REVIEW) {
      out.println("Next: porch compare shows them side by side, porch diff <task> one's work;");
      out.println("      porch pick <task> merges the one you choose, porch sync --merge every COMPLETE one");
    } else if (d.verdict() == Decision.Verdict.NOTHING) {
      out.println("Next: see porch status and " + StateLayout.STATUS_FOLDER + "/logs/<task>.log");
    }
    for (MergeResult m : result.merges().values()) {
      out.println("Merge " + m.branch() + " into " + m.target() + ": " + m.status()
          + m.commit().map(c -> " " + c.substring(0, Math.min(10, c.length()))).orElse("")
          + (m.conflicts().isEmpty() ? "" : " (" + Sanitize.text(String.join(", ", m.conflicts())) + ")")
          + m.message().map(x -> " " + Sanitize.text(x)).orElse(""));
    }
    Map<String, Integer> problems = problems(result);
    if (!problems.isEmpty()) {
      out.println("Problems (the run went on):");
      problems.forEach((text, n) -> out.println("  " + Sanitize.text(text) + (n > 1 ? " (" + n + " times)" : "")));
    }
  }

  /**
   * What went wrong without stopping the run, each distinct problem once with how often: a broken
   * event log fails on every event, and the user needs to hear it once, not once per event.
   */
  static Map<String, Integer> problems(RunResult result) {
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (dev.porch.core.event.OrchestrationEvent.Problem p : result.problems()) {
      String text = p.about().map(t -> t.value() + ": ").orElse("")
          + p.message().replaceFirst(" failed on [A-Za-z]+: ", " failed: ");
      seen.merge(text, 1, Integer::sum);
    }
    return seen;
  }

  /** The report as a JSON document ({@value #SCHEMA}). */
  public static Map<String, Object> json(RunResult result) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", SCHEMA);
    doc.put("run", result.runId());
    Decision d = result.decision();
    Map<String, Object> decision = new LinkedHashMap<>();
    decision.put("verdict", d.verdict().name());
    decision.put("winner", d.winner().map(TaskName::value).orElse(null));
    decision.put("merge", d.merge().stream().map(TaskName::value).toList());
    decision.put("discard", d.discard().stream().map(TaskName::value).toList());
    decision.put("ranking", d.ranking().stream().map(TaskName::value).toList());
    Map<String, String> reasons = new LinkedHashMap<>();
    d.reasons().forEach((k, v) -> reasons.put(k.value(), v));
    decision.put("reasons", reasons);
    decision.put("summary", d.summary());
    doc.put("decision", decision);
    List<Map<String, Object>> tasks = new ArrayList<>();
    for (AgentStatus s : result.statuses().values()) {
      Map<String, Object> t = StatusView.task(s, s.updated().orElse(java.time.Instant.EPOCH));
      Evaluation e = result.evaluations().get(s.task());
      if (e != null) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("passed", e.passed());
        ev.put("score", e.score());
        ev.put("files", e.diff().files());
        ev.put("insertions", e.diff().insertions());
        ev.put("deletions", e.diff().deletions());
        ev.put("tests", e.tests().map(StatusView::testsJson).orElse(null));
        t.put("evaluation", ev);
      }
      tasks.add(t);
    }
    doc.put("tasks", tasks);
    List<Map<String, Object>> merges = new ArrayList<>();
    for (MergeResult m : result.merges().values()) {
      Map<String, Object> mm = new LinkedHashMap<>();
      mm.put("branch", m.branch());
      mm.put("target", m.target());
      mm.put("status", m.status().name());
      mm.put("commit", m.commit().orElse(null));
      mm.put("conflicts", m.conflicts());
      merges.add(mm);
    }
    doc.put("merges", merges);
    List<Map<String, Object>> problems = new ArrayList<>();
    problems(result).forEach((text, n) -> {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("message", text);
      pm.put("count", n);
      problems.add(pm);
    });
    doc.put("problems", problems);
    doc.put("totals", Usages.totals(result.statuses().values()));
    return doc;
  }
}
