package dev.porch.core.error;

/**
 * A number given to porch outside the range it accepts, e.g. the number of agents of a spawn.
 * Carries the setting's name, the value and the bounds, so a front end can word it its own way
 * (the CLI names its option).
 */
public final class OutOfRangeException extends PorchException {
  private static final long serialVersionUID = 1L;
  private final String setting;
  private final long value;
  private final long min;
  private final long max;

  /**
   * @param setting what the number is, in library terms, e.g. {@code agents}
   * @param value the number given
   * @param min the smallest accepted
   * @param max the largest accepted
   */
  public OutOfRangeException(String setting, long value, long min, long max) {
    super(setting + " must be from " + min + " to " + max + ", got " + value);
    this.setting = setting;
    this.value = value;
    this.min = min;
    this.max = max;
  }

  /** What the number is, e.g. {@code agents}. */
  public String setting() {
    return setting;
  }

  public long value() {
    return value;
  }

  public long min() {
    return min;
  }

  public long max() {
    return max;
  }
}
