package dev.porch.git.internal;

import dev.porch.core.error.WorkspaceException;
import java.util.List;

/**
 * A git command ran past its limit and was stopped, with every process it started (hooks
 * included); what it had written before then is still on disk, for the caller to put back.
 */
public final class GitTimeoutException extends WorkspaceException {
  private static final long serialVersionUID = 1L;

  GitTimeoutException(String message, List<String> hints) {
    super(message, hints);
  }
}
