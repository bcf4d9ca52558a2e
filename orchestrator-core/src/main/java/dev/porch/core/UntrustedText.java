package dev.porch.core;

/**
 * Text written by agents (summaries, errors, file names) made safe to show or store where a
 * terminal will replay it: control characters, ANSI escape sequences among them, and
 * bidirectional overrides become visible {@code \\uXXXX} escapes instead of acting.
 *
 * <pre>{@code
 * UntrustedText.visible("done \u001b[31mred")   // "done \\u001b[31mred"
 * UntrustedText.oneLine("fix\nlogin", 80)       // "fix login"
 * }</pre>
 */
public final class UntrustedText {
  /**
   * ANSI escape sequences (CSI such as colours, OSC such as titles and links, two-character
   * escapes), starting with a real ESC, the one-character CSI U+009B, or the six characters
   * {@code \u001b} as JSON text writes ESC when a tool's coloured output is quoted in it.
   */
  private static final java.util.regex.Pattern ESCAPES = java.util.regex.Pattern.compile(
      "(?:\u001b|\\\\u001[bB])(?:\\[[0-?]*[ -/]*[@-~]|\\][^\u0007\u001b]{0,512}(?:\u0007|\u001b\\\\)?|[@-Z\\\\-_])"
          + "|\u009b[0-?]*[ -/]*[@-~]");

  private UntrustedText() {}

  /**
   * Removes ANSI escape sequences, whether they arrive as real escape characters or as the literal
   * text {@code \u001b[91m} (an agent's coloured error quoted inside its JSON output), so that
   * "{@code \u001b[91merror\u001b[0m}" reads "error".
   *
   * @param s the text, may be null
   * @return the text without escape sequences, or "" for null
   */
  public static String withoutEscapes(String s) {
    if (s == null) {
      return "";
    }
    if (s.indexOf('\u001b') < 0 && s.indexOf('\u009b') < 0 && !s.contains("\\u001")) {
      return s;
    }
    return ESCAPES.matcher(s).replaceAll("");
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

  /**
   * Replaces every {@linkplain #unsafe unsafe} character with a visible {@code \\uXXXX} escape.
   *
   * @param s the text, may be null
   * @return safe text, or "" for null
   */
  public static String visible(String s) {
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
   * One safe line: line breaks and tabs become single spaces, runs of spaces one, other unsafe
   * characters visible escapes; cut to {@code max} characters with "...".
   *
   * @param s the text, may be null
   * @param max the most characters kept, at least 4
   * @return the line, "" for null or blank text
   */
  public static String oneLine(String s, int max) {
    if (s == null) {
      return "";
    }
    String flat = visible(s.replaceAll("[\\r\\n\\t\\u2028\\u2029\\u0085]+", " ").replaceAll(" {2,}", " ").strip());
    return flat.length() <= max ? flat : flat.substring(0, Math.max(1, max - 3)) + "...";
  }
}
