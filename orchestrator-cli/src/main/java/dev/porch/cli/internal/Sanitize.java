package dev.porch.cli.internal;

/**
 * Makes untrusted text (agent summaries, file names from status files and worktrees) safe to
 * print: control characters, including ANSI escape sequences, and bidirectional overrides are shown as
 * visible escapes instead of being replayed to the terminal.
 */
public final class Sanitize {
  private Sanitize() {}

  /**
   * Replaces every control character except tab, and every bidirectional formatting character, with a
   * visible {@code \\uXXXX} escape.
   *
   * @param s the text, may be null
   * @return safe text, or "" for null
   */
  public static String text(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (unsafe(c)) {
        if (b == null) {
          b = new StringBuilder(s.length() + 8).append(s, 0, i);
        }
        b.append(String.format("\\u%04x", (int) c));
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  /**
   * Whether a terminal may act on {@code c} instead of showing it: C0 controls except tab, DEL, C1
   * controls (U+009B is a one-character CSI), line and paragraph separators, bidirectional
   * formatting characters.
   *
   * @param c a character
   * @return true when {@code c} must be shown escaped
   */
  public static boolean unsafe(int c) {
    return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || isBidiControl(c);
  }

  /**
   * Bidirectional formatting characters (LRE..RLO, LRI..PDI, LRM, RLM, ALM): they make a terminal
   * show text in another order than it is ("Trojan Source", CVE-2021-42574).
   */
  private static boolean isBidiControl(int c) {
    return (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e' || c == '\u200f'
        || c == '\u061c';
  }

  /** Like {@link #text} and cut to {@code max} characters with an ellipsis. */
  public static String text(String s, int max) {
    String t = text(s);
    return t.length() <= max ? t : t.substring(0, Math.max(0, max - 1)) + "…";
  }
}
