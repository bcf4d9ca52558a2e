package dev.porch.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A pattern's verdict on a run: which branches to merge and in what order, which to discard, which
 * to leave for review, and why. A decision that merges nothing is a normal outcome, not an error.
 *
 * <pre>{@code
 * Decision d = Decision.builder().verdict(Decision.Verdict.MERGE).addMerge(winner)
 *     .addDiscard(loser1, loser2).putReasons(winner, "tests pass, best score")
 *     .summary("auth-2 wins").build();
 * }</pre>
 */
@Value.Immutable
public abstract class Decision {
  Decision() {}

  /** What the engine should do. */
  public enum Verdict {
    /** Merge {@link #merge()} in order. */
    MERGE,
    /** Merge nothing now; leave the branches for a person to choose. */
    REVIEW,
    /** Nothing is good enough; merge nothing. */
    NOTHING
  }

  public abstract Verdict verdict();

  /** Tasks whose branches to merge, in this order. Empty unless the verdict is MERGE. */
  public abstract List<TaskName> merge();

  /** Tasks whose workspaces and branches may be removed (per the run's cleanup policy). */
  public abstract List<TaskName> discard();

  /** Tasks ranked best first, where the pattern ranks them. */
  public abstract List<TaskName> ranking();

  /** Why each task was merged, discarded or kept. */
  public abstract Map<TaskName, String> reasons();

  /** One or two sentences for the user. */
  public abstract String summary();

  /** The task the pattern picked as the winner, when it picks one. */
  public abstract Optional<TaskName> winner();

  @Value.Check
  protected void check() {
    if (verdict() != Verdict.MERGE && !merge().isEmpty()) {
      throw new IllegalArgumentException("a " + verdict() + " decision cannot merge " + merge());
    }
    if (verdict() == Verdict.MERGE && merge().isEmpty()) {
      throw new IllegalArgumentException("a MERGE decision needs at least one task to merge");
    }
    for (TaskName t : merge()) {
      if (discard().contains(t)) {
        throw new IllegalArgumentException("task " + t + " is both merged and discarded");
      }
    }
    if (merge().stream().distinct().count() != merge().size()) {
      throw new IllegalArgumentException("a task is merged twice: " + merge());
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A decision that merges nothing, with a reason. */
  public static Decision nothing(String summary) {
    return builder().verdict(Verdict.NOTHING).summary(summary).build();
  }

  /** Builder; each attribute may be set once. */
  public static final class Builder extends ImmutableDecision.Builder {
    Builder() {}
  }
}
