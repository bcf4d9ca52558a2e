package dev.porch.core.error;

import java.util.List;

/** A plan that cannot run: duplicate names, unknown dependencies, a cycle, or bad settings. */
public final class InvalidPlanException extends PorchException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public InvalidPlanException(List<String> problems) {
    super("invalid plan: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public InvalidPlanException(String problem) {
    this(List.of(problem));
  }

  /** Every problem found, each naming the tasks involved. */
  public List<String> problems() {
    return problems;
  }
}
