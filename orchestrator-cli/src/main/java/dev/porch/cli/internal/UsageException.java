package dev.porch.cli.internal;

import dev.porch.core.PorchException;
import java.util.List;

/** A bad value for an option or argument, found after picocli parsed it: exit code 2, with hints. */
public final class UsageException extends PorchException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message, List<String> hints) {
    super(message, hints, null);
  }
}
