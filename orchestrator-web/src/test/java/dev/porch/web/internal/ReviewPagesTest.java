package dev.porch.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.port.TestResult;
import dev.porch.core.review.Review;
import dev.porch.core.testing.FakeWorkspaces;
import dev.porch.core.testing.InMemoryStatusStore;
import dev.porch.core.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dashboard's diffs and comparison are core's {@link Review}, in the pages' shape. */
class ReviewPagesTest {
  final FakeWorkspaces git = new FakeWorkspaces(Map.of("a.txt", "1\n2\n3\n"));
  final InMemoryStatusStore statuses = new InMemoryStatusStore();
  final ManualClock clock = ManualClock.atSeedTime();
  final ReviewPages pages =
      new ReviewPages(Review.builder().workspaces(git).statusStore(statuses).clock(clock).build());

  private void attempt(String name, Map<String, String> files) {
    TaskName task = TaskName.of(name);
    git.addWorktree(task);
    git.commitTo(task, files, "work of " + name);
    clock.advance(Duration.ofSeconds(1));
    statuses.write(AgentStatus.pending(task, "feature/" + name, ".worktrees/" + name).withBase("main")
        .moveTo(AgentState.RUNNING, clock.instant()).moveTo(AgentState.COMPLETE, clock.instant())
        .withSummary(Optional.of("did " + name)).withRun("r1"));
  }

  @Test
  void diff_isEachFileWithItsLetterCountsAndPatch() {
    attempt("auth-1", Map.of("a.txt", "1\nTWO\n3\n", "new.txt", "x\ny\n"));

    List<DashboardReview.FileDiff> diff = pages.diff(TaskName.of("auth-1"));

    assertThat(diff).extracting(DashboardReview.FileDiff::path, DashboardReview.FileDiff::change,
        DashboardReview.FileDiff::additions, DashboardReview.FileDiff::deletions)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a.txt", "M", 1, 1),
            org.assertj.core.groups.Tuple.tuple("new.txt", "A", 2, 0));
    assertThat(diff).allSatisfy(f -> assertThat(f.patch()).contains(f.path()));
  }

  @Test
  void compare_isAColumnPerAttemptAndARowPerFile() {
    attempt("auth-1", Map.of("a.txt", "1\nTWO\n3\n"));
    attempt("auth-2", Map.of("b.txt", "b\n"));

    DashboardReview.Comparison c = pages.compare(List.of(TaskName.of("auth-1"), TaskName.of("auth-2")));

    assertThat(c.columns()).extracting(DashboardReview.Column::task)
        .containsExactly(TaskName.of("auth-1"), TaskName.of("auth-2"));
    assertThat(c.columns().get(0).state()).isEqualTo("COMPLETE");
    assertThat(c.columns().get(0).summary()).contains("did auth-1");
    assertThat(c.rows()).extracting(DashboardReview.Row::path).containsExactly("a.txt", "b.txt");
    assertThat(c.rows().get(0).cells()).containsExactly(Optional.of(new DashboardReview.Cell(1, 1)), Optional.empty());
  }

  @Test
  void words_sayTheVerdictAndTheCounts() {
    assertThat(ReviewPages.words(new TestResult(true, 0, Duration.ofSeconds(2), 12, 0, 1, Optional.of("junit-xml"),
        List.of("mvn", "test"), false))).isEqualTo("passed 12/12");
    assertThat(ReviewPages.words(new TestResult(false, 1, Duration.ofSeconds(2), 10, 2, 0, Optional.empty(),
        List.of("mvn", "test"), false))).isEqualTo("failed 10/12");
    assertThat(ReviewPages.words(new TestResult(false, -1, Duration.ofMinutes(5), -1, -1, -1, Optional.empty(),
        List.of("mvn", "test"), true))).isEqualTo("timed out");
  }
}
