package dev.porch.cli.internal;

import dev.porch.core.UntrustedText;

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
    return UntrustedText.visible(s);
  }

  /**
   * Whether a terminal may act on {@code c} instead of showing it (see {@link UntrustedText#unsafe}).
   *
   * @param c a character
   * @return true when {@code c} must be shown escaped
   */
  public static boolean unsafe(int c) {
    return UntrustedText.unsafe(c);
  }

  /** Like {@link #text} and cut to {@code max} characters with an ellipsis. */
  public static String text(String s, int max) {
    String t = text(s);
    return t.length() <= max ? t : t.substring(0, Math.max(0, max - 1)) + "…";
  }
}
