package dev.porch.agent.internal.report;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code node --test}'s closing totals, from the TAP reporter ({@code # pass 3}) or the spec
 * reporter ({@code ℹ pass 3}): pass, fail (plus cancelled) and skipped (plus todo). Recognised when
 * both pass and fail totals appear; the last value of each wins.
 */
public final class NodeTestParser implements OutputParser {
  private static final Pattern TOTAL =
      Pattern.compile("^(?:#|\u2139)\\s+(tests|suites|pass|fail|cancelled|skipped|todo)\\s+(\\d+)\\s*$");
  private final Map<String, Integer> totals = new HashMap<>();

  @Override
  public void accept(String line) {
    Matcher m = TOTAL.matcher(line.strip());
    if (m.matches()) {
      totals.put(m.group(1), Integer.parseInt(m.group(2)));
    }
  }

  @Override
  public Optional<TestCounts> result() {
    if (!totals.containsKey("pass") || !totals.containsKey("fail")) {
      return Optional.empty();
    }
    return Optional.of(new TestCounts(totals.get("pass"),
        totals.get("fail") + totals.getOrDefault("cancelled", 0),
        totals.getOrDefault("skipped", 0) + totals.getOrDefault("todo", 0), "node"));
  }
}
