package dev.porch.core.port;

import java.util.Objects;
import java.util.Optional;

/**
 * One file of {@code git diff --numstat -M base...branch}: what changed and by how many lines.
 *
 * @param kind the kind of change (git's name-status letter)
 * @param path the path after the change (repository-relative, '/' separated)
 * @param oldPath the path before a rename or copy
 * @param additions lines added (0 for a binary file)
 * @param deletions lines removed (0 for a binary file)
 * @param binary whether git treats the file as binary (no line counts, no text patch)
 */
public record FileDiff(ChangedFile.Type kind, String path, Optional<String> oldPath, int additions, int deletions,
    boolean binary) {
  public FileDiff {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(oldPath, "oldPath");
    if (additions < 0 || deletions < 0) {
      throw new IllegalArgumentException("line counts cannot be negative: +" + additions + " -" + deletions);
    }
  }

  /** Lines touched: additions plus deletions. */
  public int lines() {
    return additions + deletions;
  }
}
