package dev.porch.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A plain text table with aligned columns; a column may be styled (colour) without breaking the
 * alignment, because widths are measured on the plain text.
 */
public final class Table {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();
  private final List<List<UnaryOperator<String>>> styles = new ArrayList<>();

  public Table(String... headers) {
    this.headers = List.of(headers);
  }

  /** Adds a row of plain cells. */
  public Table row(String... cells) {
    List<UnaryOperator<String>> none = new ArrayList<>();
    for (int i = 0; i < cells.length; i++) {
      none.add(UnaryOperator.identity());
    }
    return row(List.of(cells), none);
  }

  /** Adds a row with a style per cell (applied after padding is computed). */
  public Table row(List<String> cells, List<UnaryOperator<String>> cellStyles) {
    if (cells.size() != headers.size()) {
      throw new IllegalArgumentException("row has " + cells.size() + " cells, table has " + headers.size() + " columns");
    }
    rows.add(List.copyOf(cells));
    styles.add(List.copyOf(cellStyles));
    return this;
  }

  /** Whether there are no rows. */
  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Prints the header and rows; the last column is not padded. */
  public void print(PrintWriter out, UnaryOperator<String> headerStyle) {
    print(out, headerStyle, Integer.MAX_VALUE);
  }

  /**
   * Prints the header and rows, cutting the last column's cells (with an ellipsis) so that lines fit
   * in {@code maxWidth} characters; the last column keeps at least 20 characters whatever the width.
   */
  public void print(PrintWriter out, UnaryOperator<String> headerStyle, int maxWidth) {
    int[] width = new int[headers.size()];
    int used = 0;
    for (int c = 0; c < headers.size(); c++) {
      width[c] = headers.get(c).length();
      for (List<String> r : rows) {
        width[c] = Math.max(width[c], r.get(c).length());
      }
      used += c == headers.size() - 1 ? 0 : width[c] + 2;
    }
    int last = headers.size() - 1;
    int room = maxWidth == Integer.MAX_VALUE ? Integer.MAX_VALUE : Math.max(20, maxWidth - used);
    StringBuilder h = new StringBuilder();
    for (int c = 0; c < headers.size(); c++) {
      h.append(headerStyle.apply(pad(headers.get(c), c == headers.size() - 1 ? 0 : width[c])));
      h.append(c == headers.size() - 1 ? "" : "  ");
    }
    out.println(h.toString().stripTrailing());
    for (int r = 0; r < rows.size(); r++) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < headers.size(); c++) {
        String text = rows.get(r).get(c);
        if (c == last && text.length() > room) {
          text = text.substring(0, room - 1) + "…";
        }
        String cell = pad(text, c == last ? 0 : width[c]);
        line.append(styles.get(r).get(c).apply(cell));
        line.append(c == headers.size() - 1 ? "" : "  ");
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
