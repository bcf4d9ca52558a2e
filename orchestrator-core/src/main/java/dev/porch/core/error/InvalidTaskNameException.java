package dev.porch.core.error;

import dev.porch.core.TaskName;
import java.util.List;

/** A task or feature name that porch refuses to turn into a folder, file or branch name. */
public final class InvalidTaskNameException extends PorchException {
  private static final long serialVersionUID = 1L;
  private final String name;
  private final String rule;

  public InvalidTaskNameException(String name, String rule) {
    super(
        "invalid task name '" + printable(name) + "': " + rule,
        List.of(TaskName.RULES),
        null);
    this.name = name;
    this.rule = rule;
  }

  /** The rejected input, as given. */
  public String name() {
    return name;
  }

  /** The rule it broke, in words. */
  public String rule() {
    return rule;
  }

  private static String printable(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder();
    s.codePoints()
        .limit(80)
        .forEach(
            cp -> {
              if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
              } else {
                out.appendCodePoint(cp);
              }
            });
    return s.length() > 80 ? out + "..." : out.toString();
  }
}
