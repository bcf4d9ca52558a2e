package dev.porch.core.pattern;


/**
 * The seed's Pattern 1, competitive implementation: N agents get the same prompt on the same base
 * ({@code <feature>-1..N}); the winner is the COMPLETE one whose evaluation passes, then the best
 * score, then the smallest diff, then the earliest completion. The winner is merged and the others
 * discarded, unless {@link #keepLosers()}. When nothing passes, nothing is merged.
 *
 * <pre>{@code
 * RunResult r = orchestrator.run(Patterns.competitive(3).keepLosers(), request);
 * }</pre>
 */
public interface CompetitivePattern extends OrchestrationPattern {
  /** How many agents compete. */
  int agents();

  /** Whether the losers' workspaces are kept (never discarded). */
  boolean keepsLosers();

  /** The same pattern, keeping the losers' workspaces and branches for a look. */
  CompetitivePattern keepLosers();
}
