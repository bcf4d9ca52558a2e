package dev.porch.agent.internal.stream;

import dev.porch.core.port.Usage;
import java.util.Locale;

/** Usage in words, for transcripts: {@code 3 turns, 1200 tokens in, 345 out, $0.0123}. */
final class Summary {
  private Summary() {}

  static String of(Usage u) {
    StringBuilder b = new StringBuilder();
    if (u.turns() > 0) {
      b.append(u.turns()).append(u.turns() == 1 ? " turn, " : " turns, ");
    }
    b.append(u.inputTokens()).append(" tokens in, ").append(u.outputTokens()).append(" out");
    if (u.costUsd().isPresent()) {
      b.append(String.format(Locale.ROOT, ", $%.4f", u.costUsd().getAsDouble()));
    }
    return b.toString();
  }
}
