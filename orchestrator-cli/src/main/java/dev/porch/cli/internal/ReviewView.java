package dev.porch.cli.internal;

import dev.porch.core.port.FileDiff;
import dev.porch.core.RunOptions;
import dev.porch.core.TaskName;
import dev.porch.core.port.MergeResult;
import dev.porch.core.port.TestResult;
import dev.porch.core.review.Comparison;
import dev.porch.core.review.PickResult;
import dev.porch.core.review.TaskDiff;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How {@code porch diff}, {@code compare} and {@code pick} show the review API's values: their
 * {@code --json} documents ({@code porch.diff/v1}, {@code porch.compare/v1}, {@code porch.pick/v1},
 * see docs/cli-json.md) and their text. Everything an agent wrote (paths, summaries, file contents)
 * is shown with control characters escaped.
 */
public final class ReviewView {
  private static final String RESET = "\u001b[m";

  private ReviewView() {}

  // ---- diff ----

  /** The {@code porch.diff/v1} document. */
  public static Map<String, Object> diffJson(TaskDiff d, Optional<String> patch) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", "porch.diff/v1");
    doc.put("task", d.task().value());
    doc.put("branch", d.branch());
    doc.put("base", d.base());
    doc.put("commits_ahead", d.commitsAhead() < 0 ? null : d.commitsAhead());
    List<Map<String, Object>> files = new ArrayList<>();
    d.files().forEach(f -> files.add(file(f)));
    doc.put("files", files);
    doc.put("totals", JsonOut.object("files", d.files().size(), "additions", d.additions(), "deletions", d.deletions()));
    doc.put("patch", patch.orElse(null));
    return doc;
  }

  private static Map<String, Object> file(FileDiff f) {
    return JsonOut.object("path", f.path(), "old_path", f.oldPath().orElse(null), "change", f.kind().name(),
        "additions", f.additions(), "deletions", f.deletions(), "binary", f.binary());
  }

  /** Like {@code git diff --stat}: a line per file with a bar, then the totals. */
  public static void printStat(TaskDiff d, PrintWriter out, Style style, int width) {
    int name = 0;
    int most = 0;
    for (FileDiff f : d.files()) {
      name = Math.max(name, shownPath(f).length());
      most = Math.max(most, f.lines());
    }
    int digits = Integer.toString(most).length();
    int bar = Math.max(10, width - Math.min(name, width / 2) - digits - 6);
    for (FileDiff f : d.files()) {
      String n = shownPath(f);
      StringBuilder line = new StringBuilder(" ").append(n).append(" ".repeat(Math.max(0, name - n.length()))).append(" | ");
      if (f.binary()) {
        line.append("Bin");
      } else {
        int plus = f.additions();
        int minus = f.deletions();
        if (most > bar) { // scaled as git does: at least one mark for a side that changed
          plus = plus == 0 ? 0 : Math.max(1, plus * bar / most);
          minus = minus == 0 ? 0 : Math.max(1, minus * bar / most);
        }
        line.append(String.format(Locale.ROOT, "%" + digits + "d", f.lines())).append(f.lines() > 0 ? " " : "")
            .append(paint(style, "32", "+".repeat(plus))).append(paint(style, "31", "-".repeat(minus)));
      }
      out.println(line);
    }
    out.println(shortStat(d));
  }

  /** git's summary line: {@code 2 files changed, 3 insertions(+), 1 deletion(-)}. */
  static String shortStat(TaskDiff d) {
    int n = d.files().size();
    StringBuilder s = new StringBuilder(" ").append(n).append(n == 1 ? " file changed" : " files changed");
    if (d.additions() > 0 || n > 0 && d.deletions() == 0) {
      s.append(", ").append(d.additions()).append(d.additions() == 1 ? " insertion(+)" : " insertions(+)");
    }
    if (d.deletions() > 0) {
      s.append(", ").append(d.deletions()).append(d.deletions() == 1 ? " deletion(-)" : " deletions(-)");
    }
    return s.toString();
  }

  /** Like {@code git diff --name-status}: the letter, a tab, the path (old and new for a rename). */
  public static void printNameStatus(TaskDiff d, PrintWriter out) {
    for (FileDiff f : d.files()) {
      String old = f.oldPath().map(o -> Sanitize.text(o) + "\t").orElse("");
      out.println(f.kind().letter() + "\t" + old + Sanitize.text(f.path()));
    }
  }

  private static String shownPath(FileDiff f) {
    return Sanitize.text(f.oldPath().map(o -> o + " => " + f.path()).orElse(f.path()));
  }

  /**
   * git's patch text made safe for a terminal (control characters in the files escaped, a line's
   * final CR kept) and, with colour, coloured as git colours it by default: headers bold, hunk
   * headers cyan, removed lines red, added lines green.
   */
  public static String patch(String text, Style style) {
    StringBuilder out = new StringBuilder(text.length() + 64);
    boolean header = false;
    for (String raw : text.split("\n", -1)) {
      if (out.length() > 0) {
        out.append('\n');
      }
      boolean cr = raw.endsWith("\r");
      String line = Sanitize.text(cr ? raw.substring(0, raw.length() - 1) : raw) + (cr ? "\r" : "");
      if (line.startsWith("diff --git ")) {
        header = true;
      } else if (line.startsWith("@@")) {
        header = false;
      }
      String code = header ? "1" : line.startsWith("@@") ? "36" : line.startsWith("+") ? "32" : line.startsWith("-") ? "31" : null;
      out.append(code == null || line.isEmpty() ? line : paint(style, code, line));
    }
    return out.toString();
  }

  private static String paint(Style style, String code, String text) {
    return !style.enabled() || text.isEmpty() ? text : "\u001b[" + code + "m" + text + RESET;
  }

  // ---- compare ----

  /** The {@code porch.compare/v1} document. */
  public static Map<String, Object> compareJson(Comparison c) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", "porch.compare/v1");
    List<Map<String, Object>> attempts = new ArrayList<>();
    for (Comparison.Attempt a : c.attempts()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("task", a.task().value());
      m.put("state", a.state().name());
      m.put("branch", a.branch());
      m.put("run", a.run().orElse(null));
      m.put("base", a.diff().map(TaskDiff::base).orElse(null));
      m.put("commits_ahead", a.diff().map(TaskDiff::commitsAhead).filter(n -> n >= 0).orElse(null));
      m.put("files", a.diff().map(d -> d.files().size()).orElse(null));
      m.put("additions", a.diff().map(TaskDiff::additions).orElse(null));
      m.put("deletions", a.diff().map(TaskDiff::deletions).orElse(null));
      m.put("tests", a.tests().map(ReviewView::tests).orElse(null));
      m.put("score", a.score().isPresent() ? a.score().getAsDouble() : null);
      m.put("summary", a.summary().orElse(null));
      m.put("error", a.error().orElse(null));
      m.put("problem", a.problem().orElse(null));
      attempts.add(m);
    }
    doc.put("attempts", attempts);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Comparison.Row r : c.rows()) {
      List<Object> cells = new ArrayList<>();
      for (Optional<FileDiff> cell : r.cells()) {
        cells.add(cell.map(f -> (Object) JsonOut.object("change", f.kind().name(), "old_path", f.oldPath().orElse(null),
            "additions", f.additions(), "deletions", f.deletions(), "binary", f.binary())).orElse(null));
      }
      rows.add(JsonOut.object("path", r.path(), "cells", cells));
    }
    doc.put("files", rows);
    return doc;
  }

  private static Map<String, Object> tests(TestResult t) {
    return JsonOut.object("passed", t.passed(), "passed_count", t.hasCounts() ? t.passedCount() : null,
        "failed_count", t.hasCounts() ? t.failedCount() : null, "timed_out", t.timedOut());
  }

  /** The table: a row per file, a column per attempt, then totals, tests, score, state and summary. */
  public static void printCompare(Comparison c, PrintWriter out, Style style, int width) {
    List<String> headers = new ArrayList<>(List.of("FILE"));
    c.attempts().forEach(a -> headers.add(a.task().value()));
    Table t = new Table(headers.toArray(String[]::new));
    List<UnaryOperator<String>> plain = new ArrayList<>();
    headers.forEach(h -> plain.add(UnaryOperator.identity()));
    for (Comparison.Row r : c.rows()) {
      List<String> cells = new ArrayList<>(List.of(Sanitize.text(r.path())));
      r.cells().forEach(cell -> cells.add(cell.map(ReviewView::cell).orElse("")));
      t.row(cells, plain);
    }
    List<String> total = new ArrayList<>(List.of("TOTAL"));
    List<String> tests = new ArrayList<>(List.of("TESTS"));
    List<String> score = new ArrayList<>(List.of("SCORE"));
    List<String> state = new ArrayList<>(List.of("STATE"));
    List<UnaryOperator<String>> stateStyles = new ArrayList<>(List.of(UnaryOperator.identity()));
    for (Comparison.Attempt a : c.attempts()) {
      total.add(a.diff().map(d -> d.files().size() + (d.files().size() == 1 ? " file " : " files ") + "+" + d.additions()
          + " -" + d.deletions()).orElse("-"));
      tests.add(a.tests().map(ReviewView::testCell).orElse("-"));
      score.add(a.score().isPresent() ? String.format(Locale.ROOT, "%.1f", a.score().getAsDouble()) : "-");
      state.add(a.state().name());
      stateStyles.add(style.state(a.state()));
    }
    t.row(total, plain).row(tests, plain).row(score, plain).row(state, stateStyles);
    t.print(out, style.header(), width);
    out.println();
    for (Comparison.Attempt a : c.attempts()) {
      String text = a.summary().or(a::error).orElse("(no summary)");
      out.println(a.task() + ": " + Sanitize.text(text.lines().findFirst().orElse(""), Math.max(20, width - a.task().value().length() - 2)));
      a.problem().ifPresent(p -> out.println("  (" + Sanitize.text(p) + ")"));
    }
  }

  private static String cell(FileDiff f) {
    String prefix = f.kind() == dev.porch.core.port.ChangedFile.Type.MODIFIED ? "" : f.kind().letter() + " ";
    return prefix + (f.binary() ? "bin" : "+" + f.additions() + " -" + f.deletions());
  }

  private static String testCell(TestResult t) {
    String counts = t.hasCounts() ? " " + t.passedCount() + "/" + t.total() : "";
    return (t.timedOut() ? "timeout" : t.passed() ? "pass" : "FAIL") + counts;
  }

  // ---- pick ----

  /** The {@code porch.pick/v1} document. */
  public static Map<String, Object> pickJson(PickResult r, RunOptions.CleanupPolicy policy) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", "porch.pick/v1");
    doc.put("task", r.task().value());
    doc.put("branch", r.branch());
    doc.put("target", r.target());
    doc.put("dry_run", r.dryRun());
    doc.put("message", r.message());
    doc.put("predicted_conflicts", r.predictedConflicts());
    doc.put("merge", r.merge().map(m -> (Object) JsonOut.object("status", m.status().name(), "commit", m.commit().orElse(null),
        "conflicts", m.conflicts(), "message", m.message().orElse(null))).orElse(null));
    doc.put("not_chosen", names(r.notChosen()));
    Map<String, Object> cleanup = JsonOut.object("policy", policy.name());
    cleanup.putAll(WorkflowView.cleanupFields(r.cleanup()));
    doc.put("cleanup", cleanup);
    doc.put("ok", r.ok());
    return doc;
  }

  private static List<String> names(List<TaskName> tasks) {
    List<String> out = new ArrayList<>();
    tasks.forEach(t -> out.add(t.value()));
    return out;
  }

  /** What a pick did, the way {@code porch sync} words merges: quiet on success unless verbose. */
  public static void printPick(PickResult r, boolean verbose, PrintWriter out, PrintWriter err) {
    String files = Sanitize.text(String.join(", ", r.predictedConflicts()));
    if (r.dryRun()) {
      if (!r.predictedConflicts().isEmpty()) {
        err.println("porch: error: merging " + r.branch() + " into " + r.target() + " is predicted to conflict in " + files);
        return;
      }
      out.println("would merge " + r.branch() + " into " + r.target() + ": " + Sanitize.text(r.message(), 120));
      r.cleanup().removed().forEach(t -> out.println("would remove the worktree of " + t + " (not chosen)"));
      r.cleanup().branchesDeleted().forEach(b -> out.println("would delete branch " + b));
      r.cleanup().kept().forEach(k -> out.println("would keep " + k.task() + ": " + Sanitize.text(k.reason())));
      return;
    }
    MergeResult m = r.merge().orElseThrow();
    switch (m.status()) {
      case MERGED:
        if (verbose) {
          err.println("porch: merged " + r.branch() + " into " + r.target() + " (" + m.commit().orElse("") + ")");
        }
        break;
      case ALREADY_UP_TO_DATE:
        err.println("porch: " + r.branch() + " is already in " + r.target());
        break;
      case CONFLICT:
        err.println("porch: error: " + (r.predictedConflicts().isEmpty()
            ? "merging " + r.branch() + " conflicts in " + Sanitize.text(String.join(", ", m.conflicts()))
                + "; the merge was aborted and " + r.target() + " is unchanged"
            : "not merging " + r.branch() + ": it is predicted to conflict with " + r.target() + " in " + files
                + "; " + r.target() + " is unchanged"));
        return;
      default:
        err.println("porch: error: " + r.branch() + " was not merged: " + Sanitize.text(m.message().orElse("unknown reason")));
        return;
    }
    if (verbose) {
      r.cleanup().removed().forEach(t -> err.println("porch: removed the worktree of " + t + " (not chosen)"));
      r.cleanup().branchesDeleted().forEach(b -> err.println("porch: deleted branch " + b));
    }
    r.cleanup().kept().forEach(k -> err.println("porch: warning: kept " + k.task() + ": " + Sanitize.text(k.reason())));
  }
}
