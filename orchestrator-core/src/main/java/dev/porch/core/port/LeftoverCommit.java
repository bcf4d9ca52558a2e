package dev.porch.core.port;

import java.util.List;
import java.util.Objects;

/**
 * Work an agent left uncommitted when it ended, which porch committed on its branch so that what
 * is judged is what is merged.
 *
 * @param files the repository-relative paths the commit added, changed or deleted
 * @param commit the new commit's id
 */
public record LeftoverCommit(List<String> files, String commit) {
  public LeftoverCommit {
    files = List.copyOf(files);
    Objects.requireNonNull(commit, "commit");
  }
}
