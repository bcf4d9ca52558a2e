package dev.porch.cli.internal;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The table of {@code porch status}, fitted to the terminal's width: TASK, STATE and AGE always;
 * FILES, TESTS, TOKENS and COST when some task has a value for them; last, what a running agent is
 * doing now or a finished one's summary, cut to fit. When that last column would get fewer than
 * {@value #ROOM} characters, FILES gives way (it is in {@code --json} and {@code porch sync}).
 */
final class StatusTable {
  private static final int ROOM = 30;

  private record Column(String header, Function<AgentStatus, String> cell) {}

  private StatusTable() {}

  static void print(List<AgentStatus> all, Instant now, Style style, PrintWriter out, int width) {
    List<Column> columns = new ArrayList<>(List.of(
        new Column("TASK", s -> s.task().value()),
        new Column("STATE", s -> s.status().name()),
        new Column("AGE", s -> StatusView.age(s, now))));
    Column files = new Column("FILES", s -> s.filesChanged().isEmpty() ? "-" : String.valueOf(s.filesChanged().size()));
    add(columns, all, files, s -> !s.filesChanged().isEmpty());
    add(columns, all, new Column("TESTS", StatusView::tests), s -> s.tests().isPresent());
    add(columns, all, new Column("TOKENS", s -> Usages.tokens(Usages.of(s))), s -> !Usages.tokens(Usages.of(s)).equals("-"));
    add(columns, all, new Column("COST", s -> Usages.cost(Usages.of(s))), s -> Usages.of(s).costUsd().isPresent());
    if (width - used(columns, all) < ROOM) {
      columns.remove(files);
    }
    boolean running = all.stream().anyMatch(s -> s.status() == AgentState.RUNNING);
    columns.add(new Column(running ? "NOW / SUMMARY" : "SUMMARY", s -> Sanitize.text(lastColumn(s), 300)));
    Table t = new Table(columns.stream().map(Column::header).toArray(String[]::new));
    for (AgentStatus s : all) {
      List<String> cells = new ArrayList<>();
      List<UnaryOperator<String>> styles = new ArrayList<>();
      for (Column c : columns) {
        cells.add(c.cell().apply(s));
        styles.add(c.header().equals("STATE") ? style.state(s.status()) : UnaryOperator.identity());
      }
      t.row(cells, styles);
    }
    t.print(out, style.header(), width);
  }

  private static void add(List<Column> to, List<AgentStatus> all, Column c, java.util.function.Predicate<AgentStatus> has) {
    if (all.stream().anyMatch(has)) {
      to.add(c);
    }
  }

  /** The characters the columns take, each with its two spaces of gap. */
  private static int used(List<Column> columns, List<AgentStatus> all) {
    int sum = 0;
    for (Column c : columns) {
      int w = c.header().length();
      for (AgentStatus s : all) {
        w = Math.max(w, c.cell().apply(s).length());
      }
      sum += w + 2;
    }
    return sum;
  }

  /** A running agent's current step; otherwise the summary, or the error. */
  static String lastColumn(AgentStatus s) {
    if (s.status() == AgentState.RUNNING) {
      return s.activity().or(s::summary).orElse("");
    }
    return s.summary().or(s::error).orElse("");
  }
}
