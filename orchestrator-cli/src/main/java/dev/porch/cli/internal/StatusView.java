package dev.porch.cli.internal;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.error.StatusFileException;
import dev.porch.core.port.StatusListing;
import dev.porch.core.port.TestResult;
import dev.porch.project.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders {@code porch status}: the seed's view (task, state, summary; colours per state) plus
 * branch, age, files changed and tests; or the documented JSON shape {@code porch.status/v1}.
 */
public final class StatusView {
  /** The JSON schema name; additive changes only within a version. */
  public static final String SCHEMA = "porch.status/v1";

  private StatusView() {}

  /** Prints the table at 80 columns and any unreadable files (as warnings on {@code err}). */
  public static void printTable(StatusListing listing, Instant now, Style style, PrintWriter out, PrintWriter err) {
    printTable(listing, now, style, out, err, 80);
  }

  /**
   * Prints the table, fitted to {@code width} columns (see {@link StatusTable}), and any unreadable
   * files (as warnings on {@code err}).
   */
  public static void printTable(StatusListing listing, Instant now, Style style, PrintWriter out, PrintWriter err,
      int width) {
    List<AgentStatus> all = listing.statuses();
    if (all.isEmpty() && listing.problems().isEmpty()) {
      out.println("No agents. Start some with 'porch spawn <feature> --agents N' or 'porch demo'.");
      return;
    }
    StatusTable.print(all, now, style, out, width);
    for (StatusFileException p : listing.problems()) {
      err.println("porch: warning: " + Sanitize.text(p.getMessage()));
    }
  }

  /** How long since the agent started (or was created), e.g. {@code 4m12s}; "-" when unknown. */
  static String age(AgentStatus s, Instant now) {
    Instant from = s.started().orElse(null);
    if (from == null) {
      return "-";
    }
    Instant to = s.completed().orElse(now);
    Duration d = Duration.between(from, to);
    return d.isNegative() ? "-" : Durations.format(d);
  }

  static String tests(AgentStatus s) {
    if (s.tests().isEmpty()) {
      return "-";
    }
    TestResult r = s.tests().get();
    String verdict = r.timedOut() ? "timeout" : r.passed() ? "pass" : "fail";
    return r.hasCounts() ? verdict + " " + r.passedCount() + "/" + (r.passedCount() + r.failedCount()) : verdict;
  }

  /** The JSON document for {@code porch status --json}, as plain maps and lists. */
  public static Map<String, Object> json(StatusListing listing, Instant now, String repository) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", SCHEMA);
    doc.put("repository", repository);
    doc.put("generated", now.toString());
    Map<AgentState, Integer> counts = new EnumMap<>(AgentState.class);
    for (AgentState st : AgentState.values()) {
      counts.put(st, 0);
    }
    List<Map<String, Object>> tasks = new ArrayList<>();
    for (AgentStatus s : listing.statuses()) {
      counts.merge(s.status(), 1, Integer::sum);
      tasks.add(task(s, now));
    }
    doc.put("tasks", tasks);
    Map<String, Object> c = new LinkedHashMap<>();
    counts.forEach((k, v) -> c.put(k.name(), v));
    doc.put("counts", c);
    doc.put("all_final", listing.statuses().stream().allMatch(s -> s.status().isFinal()));
    List<Map<String, Object>> problems = new ArrayList<>();
    for (StatusFileException p : listing.problems()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", String.valueOf(p.file()));
      m.put("message", p.problem());
      m.put("tampered", p instanceof dev.porch.core.error.TamperedStatusException);
      problems.add(m);
    }
    doc.put("problems", problems);
    doc.put("totals", Usages.totals(listing.statuses()));
    return doc;
  }

  /** One task's JSON: the seed's fields first, then porch's. */
  static Map<String, Object> task(AgentStatus s, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task", s.task().value());
    m.put("status", s.status().name());
    m.put("started", s.started().map(Instant::toString).orElse(null));
    m.put("completed", s.completed().map(Instant::toString).orElse(null));
    m.put("summary", s.summary().orElse(null));
    m.put("files_changed", s.filesChanged());
    m.put("branch", s.branch());
    m.put("worktree", s.worktree());
    m.put("attempt", s.attempt());
    m.put("agent", s.agent().orElse(null));
    m.put("role", s.role().orElse(null));
    m.put("pattern", s.pattern().orElse(null));
    m.put("age_seconds", s.started().map(st -> Duration.between(st, s.completed().orElse(now)).toSeconds()).orElse(null));
    m.put("pid", s.pid().isPresent() ? s.pid().getAsLong() : null);
    m.put("exit_code", s.exitCode().isPresent() ? s.exitCode().getAsInt() : null);
    m.put("error", s.error().orElse(null));
    m.put("score", s.score().isPresent() ? s.score().getAsDouble() : null);
    m.put("tests", s.tests().map(StatusView::testsJson).orElse(null));
    m.put("log", s.log().orElse(null));
    m.put("session", s.session().orElse(null));
    m.put("usage", s.usage().map(Usages::json).orElse(null));
    m.put("activity", s.activity().orElse(null));
    m.put("committed_by_porch", s.committedByPorch());
    return m;
  }

  static Map<String, Object> testsJson(TestResult r) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("passed", r.passed());
    t.put("exit_code", r.exitCode());
    t.put("duration_ms", r.duration().toMillis());
    t.put("passed_count", r.hasCounts() ? r.passedCount() : null);
    t.put("failed_count", r.hasCounts() ? r.failedCount() : null);
    t.put("skipped_count", r.skippedCount() >= 0 ? r.skippedCount() : null);
    t.put("timed_out", r.timedOut());
    return t;
  }
}
