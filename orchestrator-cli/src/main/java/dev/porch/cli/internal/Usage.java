package dev.porch.cli.internal;

import dev.porch.core.TaskName;
import dev.porch.core.error.InvalidPlanException;
import dev.porch.core.error.InvalidTaskNameException;
import dev.porch.core.error.OutOfRangeException;
import dev.porch.core.error.PorchException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Marks user input as such: what a command builds from its options and arguments, if the library
 * refuses it, is a usage error (exit 2). Everything else an {@link IllegalArgumentException} comes
 * from is a bug in porch and exits 1, so only code that handles what the user typed goes through here.
 */
public final class Usage {
  private Usage() {}

  /** A usage error with no hints. */
  public static UsageException error(String message) {
    return new UsageException(message, List.of());
  }

  /** A usage error with hints. */
  public static UsageException error(String message, String... hints) {
    return new UsageException(message, List.of(hints));
  }

  /**
   * The value of a duration option, e.g. {@code --timeout 30m}: a bad value is a usage error
   * naming the option.
   *
   * @throws UsageException when the text is not a positive duration porch can wait
   */
  public static java.time.Duration duration(String text, String option) {
    try {
      return dev.porch.project.Durations.parse(text, option);
    } catch (PorchException e) {
      throw new UsageException(e.getMessage(), e.hints());
    }
  }

  /** A task or feature name the user typed. */
  public static TaskName task(String name) {
    return input(() -> TaskName.of(name));
  }

  /**
   * Builds a value (a pattern, a request, a name) from the user's input: the library's refusal of
   * it ({@link IllegalArgumentException}, {@link InvalidTaskNameException}, {@link
   * InvalidPlanException}, {@link OutOfRangeException}) becomes a {@link UsageException} with the
   * same message and hints.
   */
  public static <T> T input(Supplier<T> build) {
    try {
      return build.get();
    } catch (InvalidTaskNameException | InvalidPlanException | OutOfRangeException e) {
      throw new UsageException(e.getMessage(), ((PorchException) e).hints(), e);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage() == null ? e.toString() : e.getMessage(), List.of(), e);
    }
  }
}
