package dev.porch.core.port;

import java.util.OptionalDouble;

/**
 * What an agent's model use cost so far, as its CLI reported it: tokens in and out, model turns,
 * and the cost in US dollars when the CLI gives one. Zero is "nothing reported".
 *
 * @param inputTokens tokens sent to the model (cached ones included)
 * @param outputTokens tokens the model produced (reasoning included)
 * @param turns model turns (requests answered)
 * @param costUsd the cost the CLI reported, if it reports one
 */
public record Usage(long inputTokens, long outputTokens, int turns, OptionalDouble costUsd) {
  /** No use reported. */
  public static final Usage NONE = new Usage(0, 0, 0, OptionalDouble.empty());

  public Usage {
    if (inputTokens < 0 || outputTokens < 0 || turns < 0) {
      throw new IllegalArgumentException("usage counts cannot be negative: " + inputTokens + " in, "
          + outputTokens + " out, " + turns + " turns");
    }
    java.util.Objects.requireNonNull(costUsd, "costUsd");
    if (costUsd.isPresent() && !(costUsd.getAsDouble() >= 0 && Double.isFinite(costUsd.getAsDouble()))) {
      costUsd = OptionalDouble.empty();
    }
  }

  /** Whether nothing was reported. */
  public boolean isEmpty() {
    return inputTokens == 0 && outputTokens == 0 && turns == 0 && costUsd.isEmpty();
  }

  /** The sum of two usages (a cost is summed when either has one). */
  public Usage plus(Usage other) {
    OptionalDouble cost = costUsd.isEmpty() && other.costUsd.isEmpty() ? OptionalDouble.empty()
        : OptionalDouble.of(costUsd.orElse(0) + other.costUsd.orElse(0));
    return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens, turns + other.turns, cost);
  }
}
