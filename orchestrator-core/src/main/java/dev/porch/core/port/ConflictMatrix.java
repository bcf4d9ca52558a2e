package dev.porch.core.port;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Pairwise merge prediction for a set of branches: for each unordered pair, the paths that would
 * conflict if both were merged into the same target (empty when they merge cleanly).
 *
 * <pre>{@code
 * ConflictMatrix m = workspaces.predictConflicts(List.of("feature/a", "feature/b"), "main");
 * if (m.conflicts("feature/a", "feature/b").isEmpty()) { ... }
 * }</pre>
 */
public final class ConflictMatrix {
  private final List<String> branches;
  private final Map<Pair, List<String>> conflicts;

  private ConflictMatrix(List<String> branches, Map<Pair, List<String>> conflicts) {
    this.branches = List.copyOf(branches);
    this.conflicts = conflicts;
  }

  /** An unordered pair of branches and the paths on which they conflict. */
  public record Conflict(String first, String second, List<String> paths) {
    public Conflict {
      Objects.requireNonNull(first, "first");
      Objects.requireNonNull(second, "second");
      paths = List.copyOf(paths);
    }
  }

  private record Pair(String a, String b) {
    static Pair of(String x, String y) {
      return x.compareTo(y) <= 0 ? new Pair(x, y) : new Pair(y, x);
    }
  }

  /** A builder for a matrix over {@code branches}. */
  public static Builder builder(List<String> branches) {
    return new Builder(branches);
  }

  /** A matrix with no conflicts. */
  public static ConflictMatrix clean(List<String> branches) {
    return builder(branches).build();
  }

  /** The branches compared, in the order given. */
  public List<String> branches() {
    return branches;
  }

  /**
   * The paths on which {@code a} and {@code b} conflict.
   *
   * @throws IllegalArgumentException if either branch is not in this matrix
   */
  public List<String> conflicts(String a, String b) {
    if (!branches.contains(a) || !branches.contains(b)) {
      throw new IllegalArgumentException("branches " + a + " and " + b + " are not both in this matrix " + branches);
    }
    return conflicts.getOrDefault(Pair.of(a, b), List.of());
  }

  /** Every conflicting pair, in branch order. */
  public List<Conflict> conflictingPairs() {
    List<Conflict> out = new ArrayList<>();
    for (int i = 0; i < branches.size(); i++) {
      for (int j = i + 1; j < branches.size(); j++) {
        List<String> paths = conflicts.getOrDefault(Pair.of(branches.get(i), branches.get(j)), List.of());
        if (!paths.isEmpty()) {
          out.add(new Conflict(branches.get(i), branches.get(j), paths));
        }
      }
    }
    return out;
  }

  /** Whether any pair conflicts. */
  public boolean hasConflicts() {
    return !conflicts.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConflictMatrix
        && ((ConflictMatrix) o).branches.equals(branches)
        && ((ConflictMatrix) o).conflicts.equals(conflicts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(branches, conflicts);
  }

  @Override
  public String toString() {
    return "ConflictMatrix" + conflictingPairs();
  }

  /** Collects pairs; not thread-safe. */
  public static final class Builder {
    private final List<String> branches;
    private final Map<Pair, List<String>> conflicts = new LinkedHashMap<>();

    private Builder(List<String> branches) {
      this.branches = List.copyOf(branches);
      if (branches.stream().distinct().count() != branches.size()) {
        throw new IllegalArgumentException("branches must be distinct: " + branches);
      }
    }

    /**
     * Records that {@code a} and {@code b} conflict on {@code paths} (an empty list records nothing).
     *
     * @throws IllegalArgumentException if a branch is unknown or {@code a} equals {@code b}
     */
    public Builder conflict(String a, String b, List<String> paths) {
      if (!branches.contains(a) || !branches.contains(b) || a.equals(b)) {
        throw new IllegalArgumentException("not a pair of distinct known branches: " + a + ", " + b);
      }
      if (!paths.isEmpty()) {
        conflicts.put(Pair.of(a, b), List.copyOf(paths));
      }
      return this;
    }

    public ConflictMatrix build() {
      return new ConflictMatrix(branches, Map.copyOf(conflicts));
    }
  }
}
