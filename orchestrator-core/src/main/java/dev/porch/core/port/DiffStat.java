package dev.porch.core.port;

/**
 * Size of a branch's change against its base, like {@code git diff --shortstat base...branch}.
 *
 * @param files files changed
 * @param insertions lines added
 * @param deletions lines removed
 */
public record DiffStat(int files, int insertions, int deletions) {
  /** No change. */
  public static final DiffStat EMPTY = new DiffStat(0, 0, 0);

  public DiffStat {
    if (files < 0 || insertions < 0 || deletions < 0) {
      throw new IllegalArgumentException("diff stat counts cannot be negative");
    }
  }

  /** Lines touched: insertions plus deletions. */
  public int lines() {
    return insertions + deletions;
  }
}
