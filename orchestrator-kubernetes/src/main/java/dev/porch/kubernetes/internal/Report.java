package dev.porch.kubernetes.internal;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pod script's last word, read from its termination message (or, with {@code
 * FallbackToLogsOnError}, the last lines of its log): {@code porch-pod: exit=0 step=done commit=SHA}.
 *
 * @param exit the agent's exit code, or 91..95 when the script's own step failed
 * @param step {@code done}, or the step that failed: clone, checkout, commit, push, setup
 * @param commit the commit pushed (the branch's tip), when the script got that far
 * @param why git's last line when a step failed
 */
public record Report(int exit, String step, Optional<String> commit, Optional<String> why) {
  private static final Pattern LINE = Pattern.compile(
      "porch-pod: exit=(\\d{1,3}) step=([a-z]+) commit=([0-9a-f]{7,64}|none)(?: why=(.*))?");

  /** Whether the script itself did its part (clone to push). */
  public boolean done() {
    return step.equals("done");
  }

  /** The report in {@code message}: its last {@code porch-pod:} line. */
  public static Optional<Report> parse(String message) {
    if (message == null) {
      return Optional.empty();
    }
    Report found = null;
    for (String line : message.split("\\R")) {
      Matcher m = LINE.matcher(line.strip());
      if (m.matches()) {
        found = new Report(Integer.parseInt(m.group(1)), m.group(2),
            m.group(3).equals("none") ? Optional.empty() : Optional.of(m.group(3)),
            Optional.ofNullable(m.group(4)).map(String::strip).filter(s -> !s.isEmpty()));
      }
    }
    return Optional.ofNullable(found);
  }

  /** The exit code as an OptionalInt. */
  public OptionalInt exitCode() {
    return OptionalInt.of(exit);
  }
}
