package dev.porch.cli.internal;

/**
 * Makes untrusted text (agent summaries, file names from status files) safe to print: control
 * characters, including ANSI escape sequences, are shown as visible escapes instead of being replayed
 * to the terminal.
 */
public final class Sanitize {
  private Sanitize() {}

  /**
   * Replaces every control character except tab with a visible {@code \\uXXXX} escape.
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
      boolean control = (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
      if (control) {
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

  /** Like {@link #text} and cut to {@code max} characters with an ellipsis. */
  public static String text(String s, int max) {
    String t = text(s);
    return t.length() <= max ? t : t.substring(0, Math.max(0, max - 1)) + "…";
  }
}
