package dev.porch.core.port;

import dev.porch.core.TaskName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The judgement of one finished workspace.
 *
 * @param task the task
 * @param tests the test command's result; empty when no test command was given
 * @param diff size of the change against the base
 * @param filesChanged changed files, repository-relative
 * @param score higher is better; an evaluator's summary of tests and diff (see its docs)
 * @param results the workspace's RESULTS.md, when present
 * @param commitsAhead commits on the branch that its base does not have; 0 means a merge would
 *     bring nothing; -1 when the evaluator did not count
 */
public record Evaluation(
    TaskName task,
    Optional<TestResult> tests,
    DiffStat diff,
    List<String> filesChanged,
    double score,
    Optional<String> results,
    int commitsAhead) {
  /** An evaluation that did not count the branch's commits. */
  public Evaluation(TaskName task, Optional<TestResult> tests, DiffStat diff, List<String> filesChanged, double score,
      Optional<String> results) {
    this(task, tests, diff, filesChanged, score, results, -1);
  }

  public Evaluation {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(tests, "tests");
    Objects.requireNonNull(diff, "diff");
    filesChanged = List.copyOf(filesChanged);
    Objects.requireNonNull(results, "results");
  }

  /** Whether the tests passed; true when there was no test command (nothing failed). */
  public boolean passed() {
    return tests.map(TestResult::passed).orElse(true);
  }

  /**
   * Whether the branch has no commits beyond its base, so a merge would bring nothing: such work
   * is never a winner, whatever its tests say.
   */
  public boolean broughtNothing() {
    return commitsAhead == 0;
  }

  /** Whether a test command ran. */
  public boolean tested() {
    return tests.isPresent();
  }
}
