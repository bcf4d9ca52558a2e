package dev.porch.core.error;

import java.nio.file.Path;

/**
 * A status file whose {@code task}, {@code branch} or {@code worktree} points somewhere porch must
 * never go (outside {@code .worktrees/}, a parent directory, an absolute path, a symlink out). The
 * file is reported and never trusted for a path.
 */
public final class TamperedStatusException extends StatusFileException {
  private static final long serialVersionUID = 1L;
  private final String field;
  private final String value;

  public TamperedStatusException(Path file, String field, String value, String why) {
    super(file, "field '" + field + "' = '" + value + "' is not trusted: " + why, null);
    this.field = field;
    this.value = value;
  }

  public String field() {
    return field;
  }

  public String value() {
    return value;
  }
}
