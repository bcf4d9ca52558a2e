package dev.porch.cli.internal;

import dev.porch.core.error.PorchException;
import java.util.List;

/**
 * Bad user input found after picocli parsed it (a bad value for an option or argument, an unknown
 * task): exit code 2, with hints. With picocli's own parse errors, the only exit-2 failure; see
 * {@link Usage} for turning the library's refusals of what the user typed into one.
 */
public final class UsageException extends PorchException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message, List<String> hints) {
    super(message, hints, null);
  }

  public UsageException(String message, List<String> hints, Throwable cause) {
    super(message, hints, cause);
  }
}
