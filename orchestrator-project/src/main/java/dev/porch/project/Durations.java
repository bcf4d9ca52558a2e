package dev.porch.project;

import dev.porch.core.error.PorchException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses human durations: {@code 90s}, {@code 30m}, {@code 1h30m}, {@code 2h}, {@code 500ms}. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  /** The longest duration accepted: a century, far below where milliseconds overflow a long. */
  public static final Duration LONGEST = Duration.ofDays(36_500);

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @param text e.g. {@code 1h30m}
   * @param where what is being parsed, for the error message
   * @return a positive duration
   * @throws PorchException if the text is not a positive duration
   */
  public static Duration parse(String text, String where) {
    String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
    Matcher m = PART.matcher(t);
    Duration total = Duration.ZERO;
    int end = 0;
    try {
      while (m.find() && m.start() == end) {
        long n = Long.parseLong(m.group(1));
        total =
            total.plus(
                switch (m.group(2)) {
                  case "ms" -> Duration.ofMillis(n);
                  case "s" -> Duration.ofSeconds(n);
                  case "m" -> Duration.ofMinutes(n);
                  case "h" -> Duration.ofHours(n);
                  default -> Duration.ofDays(n);
                });
        end = m.end();
      }
    } catch (NumberFormatException | ArithmeticException e) {
      total = LONGEST.plusDays(1); // digits past a long: too long, not "not a duration"
    }
    if (total.compareTo(LONGEST) > 0) {
      throw new PorchException(where + ": '" + text + "' is longer than porch can wait",
          List.of("write at most " + LONGEST.toDays() + "d"), null);
    }
    if (t.isEmpty() || end != t.length() || total.isZero()) {
      throw new PorchException(where + ": '" + text + "' is not a duration",
          List.of("write a positive duration such as 90s, 30m, 1h30m or 500ms"), null);
    }
    return total;
  }

  /** Formats a duration the way {@link #parse} reads it, e.g. {@code 1h02m}, {@code 4.2s}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 10_000) {
      return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    long s = d.toSeconds();
    if (s < 3600) {
      return (s / 60) + "m" + String.format("%02d", s % 60) + "s";
    }
    return (s / 3600) + "h" + String.format("%02d", (s % 3600) / 60) + "m";
  }
}
