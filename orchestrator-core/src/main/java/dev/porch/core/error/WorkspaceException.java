package dev.porch.core.error;

import java.util.List;

/**
 * A workspace operation failed: the repository is not in a state porch can work with (no commits,
 * bare, detached HEAD, missing base, existing branch or folder), or git itself failed.
 */
public class WorkspaceException extends PorchException {
  private static final long serialVersionUID = 1L;

  public WorkspaceException(String message) {
    super(message);
  }

  public WorkspaceException(String message, List<String> hints) {
    super(message, hints, null);
  }

  public WorkspaceException(String message, Throwable cause) {
    super(message, cause);
  }

  public WorkspaceException(String message, List<String> hints, Throwable cause) {
    super(message, hints, cause);
  }
}
