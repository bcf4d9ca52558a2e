package dev.porch.cli.internal;

import dev.porch.agent.ProfileCheck.Level;
import dev.porch.cli.internal.Doctor.Check;
import dev.porch.cli.internal.Doctor.Report;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Renders {@code porch doctor}: a table of checks with the fixes below it, or {@code porch.doctor/v1}. */
public final class DoctorView {
  /** The JSON schema name; additive changes only within a version. */
  public static final String SCHEMA = "porch.doctor/v1";

  private DoctorView() {}

  /** Prints the table, the fixes and a one-line verdict; details wrap to fit {@code width} columns. */
  public static void print(Report report, Style style, PrintWriter out, int width) {
    Table t = new Table("CHECK", "STATUS", "DETAIL");
    int nameWidth = "CHECK".length();
    for (Check c : report.checks()) {
      nameWidth = Math.max(nameWidth, name(c).length());
    }
    // a detail is the finding itself (a path, a version): wrapped, never cut
    int room = Math.max(30, width - nameWidth - "STATUS".length() - 4);
    List<String> fixes = new ArrayList<>();
    for (Check c : report.checks()) {
      String name = name(c);
      List<String> lines = wrap(Sanitize.text(c.detail()), room);
      t.row(List.of(name, word(c.level()), lines.get(0)),
          List.of(UnaryOperator.identity(), colour(style, c.level()), UnaryOperator.identity()));
      for (String more : lines.subList(1, lines.size())) {
        t.row("", "", more);
      }
      c.fix().ifPresent(f -> {
        List<String> fix = wrap(name + ": " + Sanitize.text(f), Math.max(30, width - 4));
        fixes.add("  " + fix.get(0));
        fix.subList(1, fix.size()).forEach(more -> fixes.add("    " + more));
      });
    }
    t.print(out, style.header());
    if (!fixes.isEmpty()) {
      out.println();
      out.println("To fix:");
      fixes.forEach(out::println);
    }
    out.println();
    long failed = report.checks().stream().filter(c -> c.level() == Level.FAIL).count();
    out.println(failed == 0 ? "porch is ready to run " + Sanitize.text(report.defaultAgent()) + " here."
        : failed + (failed == 1 ? " check" : " checks") + " failed: fix " + (failed == 1 ? "it" : "them")
            + " before running porch here.");
    out.flush();
  }

  /** Splits {@code text} into lines of at most {@code width} characters, at spaces where it can. */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    String rest = text;
    while (rest.length() > width) {
      int cut = rest.lastIndexOf(' ', width);
      if (cut <= 0) {
        cut = width; // one long word, such as a path: split it
      }
      lines.add(rest.substring(0, cut).stripTrailing());
      rest = rest.substring(cut).stripLeading();
    }
    lines.add(rest);
    return lines;
  }

  /** The JSON document ({@value #SCHEMA}). */
  public static Map<String, Object> json(Report report) {
    List<Map<String, Object>> checks = new ArrayList<>();
    int[] counts = new int[Level.values().length];
    for (Check c : report.checks()) {
      counts[c.level().ordinal()]++;
      checks.add(JsonOut.object("check", c.check(), "agent", c.agent().orElse(null), "status", word(c.level()),
          "detail", c.detail(), "fix", c.fix().orElse(null)));
    }
    return JsonOut.object("schema", SCHEMA,
        "repository", report.repository().map(Object::toString).orElse(null),
        "default_agent", report.defaultAgent(),
        "ok", report.ok(),
        "counts", JsonOut.object("ok", counts[Level.OK.ordinal()], "warn", counts[Level.WARN.ordinal()],
            "fail", counts[Level.FAIL.ordinal()]),
        "checks", checks);
  }

  /** {@code git}, {@code state folder}; an agent's program check is the agent's name, the others {@code claude login}. */
  static String name(Check c) {
    String check = c.check().replace('_', ' ');
    return c.agent().map(a -> c.check().equals("binary") ? a : a + " " + check).orElse(check);
  }

  /** ok, warn, FAIL: a failure stands out even without colour. */
  static String word(Level l) {
    return l == Level.FAIL ? "FAIL" : l.name().toLowerCase(Locale.ROOT);
  }

  private static UnaryOperator<String> colour(Style style, Level l) {
    return switch (l) {
      case OK -> style.of("fg(green)");
      case WARN -> style.of("fg(yellow)");
      case FAIL -> style.of("fg(red),bold");
    };
  }
}
