package dev.porch.mcp.internal;

import dev.porch.core.error.PorchException;
import java.util.List;

/** A tool's arguments are wrong: missing, of the wrong type, out of range, or contradictory. */
public final class ToolInputException extends PorchException {
  private static final long serialVersionUID = 1L;

  ToolInputException(String message, String... hints) {
    super(message, List.of(hints), null);
  }
}
