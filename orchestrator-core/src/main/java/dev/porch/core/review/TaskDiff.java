package dev.porch.core.review;

import dev.porch.core.port.FileDiff;
import dev.porch.core.TaskName;
import dev.porch.core.port.DiffStat;
import java.util.List;
import java.util.Objects;

/**
 * A task's branch against its base ({@code git diff --numstat -M base...branch}): the files with
 * their line counts.
 *
 * @param task the task
 * @param branch its branch
 * @param base the branch (or commit) it started from; the diff is from their merge base
 * @param commitsAhead commits on {@code branch} that {@code base} does not have (-1 when not counted)
 * @param files every changed file, in git's order (by path)
 */
public record TaskDiff(TaskName task, String branch, String base, int commitsAhead, List<FileDiff> files) {
  public TaskDiff {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(base, "base");
    files = List.copyOf(files);
  }

  /** Lines added over every file. */
  public int additions() {
    return files.stream().mapToInt(FileDiff::additions).sum();
  }

  /** Lines removed over every file. */
  public int deletions() {
    return files.stream().mapToInt(FileDiff::deletions).sum();
  }

  /** The totals, as {@code git diff --shortstat} counts them. */
  public DiffStat stat() {
    return new DiffStat(files.size(), additions(), deletions());
  }
}
