package dev.porch.core.port;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of merging one branch. A conflict is an expected outcome, not an exception: the
 * repository is left exactly as it was and the conflicting paths are reported.
 *
 * @param branch the branch merged
 * @param target the branch merged into
 * @param status what happened
 * @param commit the merge commit, when {@link Status#MERGED}
 * @param conflicts the conflicting paths, when {@link Status#CONFLICT}
 * @param message details for {@link Status#FAILED} (or empty)
 */
public record MergeResult(
    String branch,
    String target,
    Status status,
    Optional<String> commit,
    List<String> conflicts,
    Optional<String> message) {

  /** What a merge did. */
  public enum Status {
    /** A merge commit was made (always, like {@code --no-ff}). */
    MERGED,
    /** The target already contains the branch; nothing was done. */
    ALREADY_UP_TO_DATE,
    /** The merge would conflict; it was aborted and nothing changed. */
    CONFLICT,
    /** Not attempted or failed for another reason (see message); nothing changed. */
    FAILED
  }

  public MergeResult {
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(commit, "commit");
    conflicts = List.copyOf(conflicts);
    Objects.requireNonNull(message, "message");
  }

  public static MergeResult merged(String branch, String target, String commit) {
    return new MergeResult(branch, target, Status.MERGED, Optional.of(commit), List.of(), Optional.empty());
  }

  public static MergeResult upToDate(String branch, String target) {
    return new MergeResult(branch, target, Status.ALREADY_UP_TO_DATE, Optional.empty(), List.of(), Optional.empty());
  }

  public static MergeResult conflict(String branch, String target, List<String> paths) {
    return new MergeResult(branch, target, Status.CONFLICT, Optional.empty(), paths, Optional.empty());
  }

  public static MergeResult failed(String branch, String target, String why) {
    return new MergeResult(branch, target, Status.FAILED, Optional.empty(), List.of(), Optional.of(why));
  }

  /** True for MERGED and ALREADY_UP_TO_DATE. */
  public boolean succeeded() {
    return status == Status.MERGED || status == Status.ALREADY_UP_TO_DATE;
  }
}
