package dev.porch.core.error;

import java.util.List;
import java.util.Objects;

/**
 * Root of every failure porch reports. Unchecked: each API method lists the subclasses it throws.
 *
 * <p>A message says what went wrong, where, and what to do; {@link #hints()} carries the "what to
 * do" part separately so a CLI can print it on its own lines.
 */
public class PorchException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> hints;

  public PorchException(String message) {
    this(message, List.of(), null);
  }

  public PorchException(String message, Throwable cause) {
    this(message, List.of(), cause);
  }

  public PorchException(String message, List<String> hints, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.hints = List.copyOf(hints);
  }

  /** Next steps for the user, one sentence each; may be empty. */
  public List<String> hints() {
    return hints;
  }
}
