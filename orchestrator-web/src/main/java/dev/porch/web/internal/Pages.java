package dev.porch.web.internal;

import static dev.porch.web.internal.Http.esc;

import dev.porch.core.TaskName;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The three pages' HTML. The live parts (status rows, the log) are filled by {@code app.js} from
 * the event stream; what does not change while a page is open (a diff, the comparison, RESULTS.md)
 * is rendered here, escaped. No inline script or style: the Content-Security-Policy forbids them.
 */
final class Pages {
  private final String token;
  private final String repoName;

  Pages(String token, String repoName) {
    this.token = token;
    this.repoName = repoName;
  }

  String link(String path) {
    return esc(path + (path.contains("?") ? "&" : "?") + "token=" + token);
  }

  /** The id of a file's diff on a task page, shared by the compare page's links. */
  static String fileId(String path) {
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
      return "file-" + HexFormat.of().formatHex(h, 0, 6);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  String runs() {
    return page("runs", "", "Runs", """
        <h1>Runs in %s</h1>
        <p class="hint">Live: this page follows the status files and events.ndjson as agents work.</p>
        <div id="runs"><p class="empty">No tasks yet.</p></div>
        <section aria-labelledby="events-h"><h2 id="events-h">Recent events</h2>
        <ol id="events" class="events" aria-live="off"></ol></section>
        """.formatted(esc(repoName)));
  }

  String task(TaskName task, List<DashboardReview.FileDiff> diff, Optional<String> results, String diffProblem) {
    String t = esc(task.value());
    return page("task", task.value(), "Task " + task.value(), """
        <h1>Task <span class="mono">%s</span></h1>
        <div class="top"><div>
        <dl id="status" class="status"></dl>
        <section aria-labelledby="actions-h" class="actions"><h2 id="actions-h">Actions</h2>
        <button type="button" data-action="cancel" data-task="%s">Cancel agent</button>
        <button type="button" data-action="pick" data-task="%s">Pick (merge) this attempt</button>
        <form id="tell" data-task="%s"><label for="tell-text">Follow-up for the agent</label>
        <textarea id="tell-text" name="message" rows="2"></textarea>
        <button type="submit">Send follow-up</button></form></section>
        <section aria-labelledby="tests-h"><h2 id="tests-h">Tests</h2><p id="tests">not judged yet</p></section>
        </div>
        <section aria-labelledby="log-h"><h2 id="log-h">Log <span class="hint">(following live)</span></h2>
        <pre id="log" class="log" tabindex="0" aria-label="agent log"></pre></section></div>
        <section aria-labelledby="diff-h"><h2 id="diff-h">Diff against its base</h2>%s</section>
        <section aria-labelledby="results-h"><h2 id="results-h">RESULTS.md</h2>%s</section>
        """.formatted(t, t, t, t, diffHtml(diff, diffProblem),
        results.map(r -> "<pre class=\"results\" tabindex=\"0\">" + esc(r) + "</pre>").orElse("<p>none</p>")));
  }

  private static String diffHtml(List<DashboardReview.FileDiff> diff, String problem) {
    if (!problem.isEmpty()) {
      return "<p class=\"err\">" + esc(problem) + "</p>";
    }
    if (diff.isEmpty()) {
      return "<p>no changes</p>";
    }
    StringBuilder b = new StringBuilder("<p class=\"hint\">" + diff.size() + " file(s)</p>");
    for (DashboardReview.FileDiff f : diff) {
      b.append("<details open class=\"file\" id=\"").append(fileId(f.path())).append("\"><summary><span class=\"mono\">")
          .append(esc(f.path())).append("</span> <span class=\"chg\">").append(esc(f.change())).append("</span> ")
          .append(counts(f.additions(), f.deletions())).append("</summary><pre class=\"diff\">");
      for (String line : f.patch().split("\n", -1)) {
        String cls = line.startsWith("+++") || line.startsWith("---") ? "meta"
            : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk"
            : line.startsWith("diff ") || line.startsWith("index ") ? "meta" : "ctx";
        b.append("<span class=\"").append(cls).append("\">").append(esc(line)).append("</span>\n");
      }
      b.append("</pre></details>");
    }
    return b.toString();
  }

  static String counts(int add, int del) {
    if (add < 0) {
      return "<span class=\"bin\">binary</span>";
    }
    return "<span class=\"add\">+" + add + "</span> <span class=\"del\">-" + del + "</span>";
  }

  String compare(DashboardReview.Comparison c, String problem) {
    StringBuilder b = new StringBuilder("<h1>Compare attempts</h1>");
    if (!problem.isEmpty()) {
      b.append("<p class=\"err\">").append(esc(problem)).append("</p>");
    } else if (c.columns().isEmpty()) {
      b.append("<p>No attempts to compare.</p>");
    } else {
      b.append("<div class=\"scroll\" tabindex=\"0\"><table id=\"compare\" class=\"compare\"><caption>")
          .append("A row per file any attempt touched; each cell links to that file's diff in that attempt.")
          .append("</caption><thead><tr><th scope=\"col\">file</th>");
      for (DashboardReview.Column col : c.columns()) {
        String t = col.task().value();
        b.append("<th scope=\"col\" data-task=\"").append(esc(t)).append("\"><a href=\"").append(link("/task/" + t))
            .append("\">").append(esc(t)).append("</a></th>");
      }
      b.append("</tr></thead><tbody>");
      for (DashboardReview.Row row : c.rows()) {
        b.append("<tr><th scope=\"row\" class=\"mono\">").append(esc(row.path())).append("</th>");
        for (int i = 0; i < row.cells().size(); i++) {
          String t = c.columns().get(i).task().value();
          Optional<DashboardReview.Cell> cell = row.cells().get(i);
          b.append("<td data-task=\"").append(esc(t)).append("\">");
          cell.ifPresent(x -> b.append("<a href=\"").append(link("/task/" + t)).append("#").append(fileId(row.path()))
              .append("\">").append(counts(x.additions(), x.deletions())).append("</a>"));
          b.append("</td>");
        }
        b.append("</tr>");
      }
      b.append("</tbody><tfoot>");
      footer(b, "total", c, col -> counts(col.additions(), col.deletions()));
      footer(b, "state", c, col -> esc(col.state()));
      footer(b, "tests", c, col -> esc(col.tests().orElse("-")));
      footer(b, "score", c, col -> col.score().isPresent() ? String.format(java.util.Locale.ROOT, "%.2f", col.score().getAsDouble()) : "-");
      footer(b, "summary", c, col -> esc(col.summary().orElse("")));
      footer(b, "", c, col -> "<button type=\"button\" data-action=\"pick\" data-task=\"" + esc(col.task().value())
          + "\">Pick " + esc(col.task().value()) + "</button>");
      b.append("</tfoot></table></div>");
    }
    String tasks = c.columns().stream().map(col -> col.task().value()).collect(Collectors.joining(","));
    return page("compare", tasks, "Compare", b.toString());
  }

  private static void footer(StringBuilder b, String name, DashboardReview.Comparison c,
      java.util.function.Function<DashboardReview.Column, String> cell) {
    b.append("<tr class=\"").append(name.isEmpty() ? "pick" : name).append("\"><th scope=\"row\">").append(esc(name)).append("</th>");
    for (DashboardReview.Column col : c.columns()) {
      b.append("<td data-task=\"").append(esc(col.task().value())).append("\">").append(cell.apply(col)).append("</td>");
    }
    b.append("</tr>");
  }

  private String page(String kind, String task, String title, String main) {
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>%s · porch</title>
        <link rel="stylesheet" href="/assets/app.css">
        <script src="/assets/app.js" defer></script></head>
        <body data-page="%s" data-task="%s">
        <a class="skip" href="#main">Skip to content</a>
        <header><nav aria-label="porch pages"><strong>porch</strong>
        <a href="%s">Runs</a> <a href="%s">Compare</a></nav>
        <span id="live" class="live" role="status">connecting…</span></header>
        <div id="message" class="message" role="status" aria-live="polite"></div>
        <main id="main">
        %s</main></body></html>
        """.formatted(esc(title), kind, esc(task), link("/"), link("/compare"), main);
  }
}
