package dev.porch.cli.internal;

import dev.porch.core.AgentStatus;
import dev.porch.core.port.Usage;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** Tokens and cost as porch shows them: {@code 12.8k/1.5k} and {@code $0.04} in tables, exact numbers in JSON. */
public final class Usages {
  private Usages() {}

  /** Tokens in/out, e.g. {@code 12.8k/1.5k}; "-" when none were reported. */
  public static String tokens(Usage u) {
    return u.inputTokens() == 0 && u.outputTokens() == 0 ? "-" : count(u.inputTokens()) + "/" + count(u.outputTokens());
  }

  /** The cost, e.g. {@code $0.04}; "-" when the CLI reported none. */
  public static String cost(Usage u) {
    return u.costUsd().isPresent() ? String.format(Locale.ROOT, "$%.2f", u.costUsd().getAsDouble()) : "-";
  }

  /** A count in at most 5 characters: {@code 812}, {@code 12.8k}, {@code 128k}, {@code 1.2M}, {@code 640M}. */
  static String count(long n) {
    if (n < 1000) {
      return Long.toString(n);
    }
    if (n < 99_950) {
      return String.format(Locale.ROOT, "%.1fk", n / 1000.0);
    }
    if (n < 999_500) {
      return Math.round(n / 1000.0) + "k";
    }
    if (n < 99_950_000) {
      return String.format(Locale.ROOT, "%.1fM", n / 1_000_000.0);
    }
    return Math.round(n / 1_000_000.0) + "M";
  }

  /** The usage of one status, or none. */
  public static Usage of(AgentStatus s) {
    return s.usage().orElse(Usage.NONE);
  }

  /** The sum over {@code statuses}. */
  public static Usage total(Collection<AgentStatus> statuses) {
    Usage sum = Usage.NONE;
    for (AgentStatus s : statuses) {
      sum = sum.plus(of(s));
    }
    return sum;
  }

  /** Whether any of {@code statuses} reported tokens, turns or cost. */
  public static boolean any(Collection<AgentStatus> statuses) {
    return statuses.stream().anyMatch(s -> !of(s).isEmpty());
  }

  /** JSON: {@code {"input_tokens", "output_tokens", "turns", "cost_usd"}} ({@code cost_usd} null when unknown). */
  public static Map<String, Object> json(Usage u) {
    return JsonOut.object("input_tokens", u.inputTokens(), "output_tokens", u.outputTokens(), "turns", u.turns(),
        "cost_usd", u.costUsd().isPresent() ? u.costUsd().getAsDouble() : null);
  }

  /** JSON totals over {@code statuses}: the sums, and how many agents reported any use. */
  public static Map<String, Object> totals(Collection<AgentStatus> statuses) {
    Map<String, Object> m = json(total(statuses));
    m.put("agents_reporting", statuses.stream().filter(s -> !of(s).isEmpty()).count());
    return m;
  }

  /** One line for the end of a report, e.g. {@code Agents used 25.6k tokens in, 3.0k out, 14 turns, $0.08.} */
  public static String sentence(Usage u) {
    return "Agents used " + count(u.inputTokens()) + " tokens in, " + count(u.outputTokens()) + " out, "
        + u.turns() + (u.turns() == 1 ? " turn" : " turns")
        + (u.costUsd().isPresent() ? ", " + cost(u) : "") + ".";
  }
}
