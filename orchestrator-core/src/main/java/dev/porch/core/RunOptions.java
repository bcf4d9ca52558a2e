package dev.porch.core;

import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How the engine runs one request: concurrency, pacing, timeouts, retries, merging and cleanup.
 * Every setting has a default; copies with one setting changed come from the {@code withX} methods.
 *
 * <pre>{@code
 * RunOptions o = RunOptions.defaults().withConcurrency(2).withStagger(Duration.ofMillis(200))
 *     .withMergePolicy(RunOptions.MergePolicy.REVIEW);
 * }</pre>
 */
@Value.Immutable
public abstract class RunOptions {
  RunOptions() {}

  /** What happens to the branches a decision chooses. */
  public enum MergePolicy {
    /** Merge them into the target branch, in the decided order. */
    AUTO,
    /** Merge nothing; report the decision for a person to act on. */
    REVIEW
  }

  /** What happens to the workspaces a decision discards. Never forced. */
  public enum CleanupPolicy {
    /** Leave worktrees and branches in place. */
    KEEP,
    /** Remove clean worktrees (and their status files); keep branches. */
    REMOVE_WORKTREES,
    /** Remove clean worktrees and delete branches that are merged into the target. */
    REMOVE_WORKTREES_AND_BRANCHES
  }

  /** Most agents running at once. Default: the number of available processors. */
  @Value.Default
  public int concurrency() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** Least time between two agent starts (spares API rate limits). Default zero. */
  @Value.Default
  public Duration stagger() {
    return Duration.ZERO;
  }

  /** How long one agent may run, unless its task says otherwise. Default: no limit. */
  public abstract Optional<Duration> taskTimeout();

  /** How long the whole run may take before every agent is cancelled. Default: no limit. */
  public abstract Optional<Duration> runTimeout();

  /** When failed agents are started again. */
  @Value.Default
  public RetryPolicy retry() {
    return RetryPolicy.defaults();
  }

  /** How long one evaluation may take. Default 10 minutes. */
  @Value.Default
  public Duration evaluationTimeout() {
    return Duration.ofMinutes(10);
  }

  /** Whether decided branches are merged. Default {@link MergePolicy#AUTO}. */
  @Value.Default
  public MergePolicy mergePolicy() {
    return MergePolicy.AUTO;
  }

  /** The branch to merge into. Default: the branch checked out in the main worktree. */
  public abstract Optional<String> targetBranch();

  /** What to do with discarded workspaces. Default {@link CleanupPolicy#KEEP}. */
  @Value.Default
  public CleanupPolicy cleanup() {
    return CleanupPolicy.KEEP;
  }

  /**
   * Whether tasks whose worktree already exists use it instead of failing (the CLI's {@code
   * launch}). Existing PENDING or BLOCKED statuses are then started; COMPLETE and FAILED ones
   * are kept as they are. Default false.
   */
  @Value.Default
  public boolean reuseExistingWorkspaces() {
    return false;
  }

  /**
   * Whether porch commits what an agent left uncommitted when it ends claiming success (so what
   * is judged is what is merged). When false, such a task is FAILED ("left uncommitted work,
   * nothing committed"). Default true.
   */
  @Value.Default
  public boolean commitLeftovers() {
    return true;
  }

  /**
   * Whether every task of the plan is a follow-up on its earlier work (the CLI's {@code tell}): its
   * worktree and a COMPLETE, FAILED or BLOCKED status must exist (checked when the run starts), and
   * it starts a new attempt there (attempt + 1, PENDING, then RUNNING) on the same branch, with its
   * task's prompt as the new message, the agent session its status recorded as {@link
   * AgentRequest#resumeSession()} and how the earlier attempt ended as {@link
   * AgentRequest#previousAttempt()}. Implies {@link #reuseExistingWorkspaces()}. Default false.
   */
  @Value.Default
  public boolean followUp() {
    return false;
  }

  /**
   * How often to report each running agent's elapsed time and last line of output as an {@link
   * OrchestrationEvent.AgentProgress} event. Default: never.
   */
  public abstract Optional<Duration> progressInterval();

  @Value.Check
  protected void check() {
    if (concurrency() < 1) {
      throw new IllegalArgumentException("concurrency must be 1 or more, got " + concurrency());
    }
    if (stagger().isNegative()) {
      throw new IllegalArgumentException("stagger cannot be negative, got " + stagger());
    }
    positive("taskTimeout", taskTimeout());
    positive("runTimeout", runTimeout());
    positive("evaluationTimeout", Optional.of(evaluationTimeout()));
    positive("progressInterval", progressInterval());
  }

  private static void positive(String what, Optional<Duration> d) {
    if (d.isPresent() && (d.get().isZero() || d.get().isNegative())) {
      throw new IllegalArgumentException(what + " must be positive, got " + d.get());
    }
  }

  /** All defaults. */
  public static RunOptions defaults() {
    return builder().build();
  }

  public abstract RunOptions withConcurrency(int concurrency);

  public abstract RunOptions withStagger(Duration stagger);

  public abstract RunOptions withTaskTimeout(Duration timeout);

  public abstract RunOptions withRunTimeout(Duration timeout);

  public abstract RunOptions withRetry(RetryPolicy retry);

  public abstract RunOptions withEvaluationTimeout(Duration timeout);

  public abstract RunOptions withMergePolicy(MergePolicy policy);

  public abstract RunOptions withTargetBranch(String branch);

  public abstract RunOptions withCleanup(CleanupPolicy policy);

  public abstract RunOptions withReuseExistingWorkspaces(boolean reuse);

  public abstract RunOptions withProgressInterval(Duration interval);

  public abstract RunOptions withCommitLeftovers(boolean commit);

  public abstract RunOptions withFollowUp(boolean followUp);

  public static Builder builder() {
    return new Builder();
  }

  /** Builder; each attribute may be set once. */
  public static final class Builder extends ImmutableRunOptions.Builder {
    Builder() {}
  }
}
