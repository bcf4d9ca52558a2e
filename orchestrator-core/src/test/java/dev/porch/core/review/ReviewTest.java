package dev.porch.core.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.port.FileDiff;
import dev.porch.core.RunOptions;
import dev.porch.core.TaskName;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.port.ChangedFile;
import dev.porch.core.port.MergeResult;
import dev.porch.core.testing.FakeWorkspaces;
import dev.porch.core.testing.InMemoryStatusStore;
import dev.porch.core.testing.ManualClock;
import dev.porch.core.testing.RecordingListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Review} over the in-memory fakes: what it finds, compares, refuses and merges. */
class ReviewTest {
  final FakeWorkspaces git = new FakeWorkspaces(Map.of("README.md", "hello\n", "a.txt", "1\n2\n3\n"));
  final InMemoryStatusStore statuses = new InMemoryStatusStore();
  final ManualClock clock = ManualClock.atSeedTime();
  final RecordingListener events = new RecordingListener();
  final Review review = Review.builder().workspaces(git).statusStore(statuses).clock(clock).listener(events).build();

  private static TaskName t(String name) {
    return TaskName.of(name);
  }

  /** A task with a worktree, one commit of {@code files}, and a status in {@code state}. */
  private void attempt(String name, String run, AgentState state, Map<String, String> files) {
    TaskName task = t(name);
    git.addWorktree(task);
    if (!files.isEmpty()) {
      git.commitTo(task, files, "work of " + name);
    }
    clock.advance(Duration.ofSeconds(1));
    AgentStatus s = AgentStatus.pending(task, "feature/" + name, ".worktrees/" + name).withBase("main")
        .moveTo(AgentState.RUNNING, clock.instant());
    if (state == AgentState.COMPLETE) {
      s = s.moveTo(AgentState.COMPLETE, clock.instant()).withSummary(Optional.of("did " + name));
    } else if (state == AgentState.FAILED) {
      s = s.moveTo(AgentState.FAILED, clock.instant()).withError("it broke");
    }
    statuses.write(run == null ? s : s.withRun(run));
  }

  @Test
  void diff_listsEachFileWithItsCounts() {
    attempt("auth-1", "r1", AgentState.COMPLETE, Map.of("a.txt", "1\nTWO\n3\n", "new.txt", "x\ny\n"));

    TaskDiff d = review.diff(t("auth-1"));

    assertThat(d.branch()).isEqualTo("feature/auth-1");
    assertThat(d.base()).isEqualTo("main");
    assertThat(d.commitsAhead()).isEqualTo(1);
    assertThat(d.files()).containsExactlyInAnyOrder(
        new FileDiff(ChangedFile.Type.MODIFIED, "a.txt", Optional.empty(), 1, 1, false),
        new FileDiff(ChangedFile.Type.ADDED, "new.txt", Optional.empty(), 2, 0, false));
    assertThat(d.additions()).isEqualTo(3);
    assertThat(d.deletions()).isEqualTo(1);
    assertThat(d.stat().files()).isEqualTo(2);
  }

  @Test
  void diff_unknownTask() {
    assertThatThrownBy(() -> review.diff(t("nope"))).isInstanceOfSatisfying(ReviewException.class, e -> {
      assertThat(e.kind()).isEqualTo(ReviewException.Kind.UNKNOWN_TASK);
      assertThat(e.task()).contains(t("nope"));
      assertThat(e.getMessage()).contains("nope");
    });
  }

  @Test
  void diff_statusNamingAnotherBranch_isRefused() {
    attempt("mine-1", null, AgentState.COMPLETE, Map.of("a.txt", "x\n"));
    statuses.write(statuses.read(t("mine-1")).orElseThrow().withBranch("main"));

    assertThatThrownBy(() -> review.diff(t("mine-1"))).isInstanceOfSatisfying(ReviewException.class, e -> {
      assertThat(e.kind()).isEqualTo(ReviewException.Kind.FOREIGN_BRANCH);
      assertThat(e.subject()).isEqualTo("main");
    });
  }

  @Test
  void diff_hostileBase_isNoBase() {
    attempt("b-1", null, AgentState.COMPLETE, Map.of("a.txt", "x\n"));
    statuses.write(statuses.read(t("b-1")).orElseThrow().withBase("--output=/tmp/owned"));

    assertThatThrownBy(() -> review.diff(t("b-1"))).isInstanceOfSatisfying(ReviewException.class,
        e -> assertThat(e.kind()).isEqualTo(ReviewException.Kind.NO_BASE));
  }

  @Test
  void patch_limitedToPaths() {
    attempt("p-1", null, AgentState.COMPLETE, Map.of("a.txt", "1\nTWO\n3\n", "src/new.txt", "fresh\n"));

    assertThat(review.patch(t("p-1"), List.of(), false)).contains("a.txt", "src/new.txt");
    assertThat(review.patch(t("p-1"), List.of("./src/"), false)).contains("+fresh").doesNotContain("a.txt");
    assertThat(review.patch(t("p-1"), List.of("."), false)).as("the whole tree").contains("a.txt", "src/new.txt");
  }

  @Test
  void patch_pathsThatAreNotPlainRepositoryPaths_areRefused() {
    attempt("p-1", null, AgentState.COMPLETE, Map.of("a.txt", "x\n"));
    for (String bad : List.of("../etc/passwd", "src/../../x", "/etc/passwd", "C:\\Windows", "", "a\u001b[31m.txt")) {
      assertThatThrownBy(() -> review.patch(t("p-1"), List.of(bad), false)).as(bad)
          .isInstanceOfSatisfying(ReviewException.class, e -> {
            assertThat(e.kind()).isEqualTo(ReviewException.Kind.BAD_PATH);
            assertThat(e.getMessage()).doesNotContain("\u001b");
          });
    }
  }

  @Test
  void attemptsOf_nothing_isTheLastRunInNumberOrder() {
    attempt("old-1", "r-old", AgentState.COMPLETE, Map.of("a.txt", "o\n"));
    for (int i : new int[] {10, 2, 1}) {
      attempt("auth-" + i, "r-new", AgentState.COMPLETE, Map.of("f" + i + ".txt", "x\n"));
    }

    assertThat(review.attemptsOf(List.of())).containsExactly(t("auth-1"), t("auth-2"), t("auth-10"));
    assertThat(review.attemptsOf(List.of(t("r-old")))).as("a run id").containsExactly(t("old-1"));
    assertThat(review.attemptsOf(List.of(t("auth")))).as("a feature").containsExactly(t("auth-1"), t("auth-2"), t("auth-10"));
    assertThat(review.attemptsOf(List.of(t("auth-2"), t("old-1"), t("auth-2")))).containsExactly(t("auth-2"), t("old-1"));
  }

  @Test
  void attemptsOf_nothingToCompare() {
    assertThatThrownBy(() -> review.attemptsOf(List.of())).isInstanceOfSatisfying(ReviewException.class,
        e -> assertThat(e.kind()).isEqualTo(ReviewException.Kind.NO_ATTEMPTS));
    assertThatThrownBy(() -> review.compare(List.of(t("ghost")))).isInstanceOfSatisfying(ReviewException.class,
        e -> assertThat(e.kind()).isEqualTo(ReviewException.Kind.UNKNOWN_TASK));
  }

  @Test
  void compare_aRowPerFileACellPerAttempt() {
    attempt("c-1", "r", AgentState.COMPLETE, Map.of("a.txt", "1\nTWO\n3\n", "one.txt", "1\n"));
    attempt("c-2", "r", AgentState.FAILED, Map.of("a.txt", "1\n2\n3\n4\n"));
    attempt("c-3", "r", AgentState.COMPLETE, Map.of("three.txt", "3\n3\n"));
    git.deleteFolder(t("c-3"));
    git.prune();
    git.deleteBranch("feature/c-3", "main", true);

    Comparison c = review.compare(List.of());

    assertThat(c.attempts()).extracting(Comparison.Attempt::task).containsExactly(t("c-1"), t("c-2"), t("c-3"));
    assertThat(c.attempts()).extracting(Comparison.Attempt::state)
        .containsExactly(AgentState.COMPLETE, AgentState.FAILED, AgentState.COMPLETE);
    assertThat(c.attempts().get(1).error()).contains("it broke");
    assertThat(c.attempts().get(2).diff()).isEmpty();
    assertThat(c.attempts().get(2).problem()).hasValueSatisfying(p -> assertThat(p).contains("feature/c-3"));
    assertThat(c.rows()).extracting(Comparison.Row::path).containsExactly("a.txt", "one.txt");
    Comparison.Row a = c.rows().get(0);
    assertThat(a.cells().get(0)).hasValueSatisfying(f -> assertThat(f.lines()).isEqualTo(2));
    assertThat(a.cells().get(1)).hasValueSatisfying(f -> assertThat(f.additions()).isEqualTo(1));
    assertThat(a.cells().get(2)).isEmpty();
    assertThat(c.rows().get(1).cells().get(1)).isEmpty();
  }

  @Test
  void pick_mergesWithTheSeedsMessage_marksTheOthersNotChosen_andCleansUp() {
    attempt("auth-1", "r", AgentState.COMPLETE, Map.of("one.txt", "1\n"));
    attempt("auth-2", "r", AgentState.COMPLETE, Map.of("two.txt", "2\n"));
    attempt("auth-3", "r", AgentState.FAILED, Map.of("three.txt", "3\n"));
    git.setDirty(t("auth-3"), List.of("scratch.txt"));

    PickResult r = review.pick(PickRequest.of(t("auth-2")).withCleanup(RunOptions.CleanupPolicy.REMOVE_WORKTREES));

    assertThat(r.merged()).isTrue();
    assertThat(r.ok()).isTrue();
    assertThat(r.merge()).hasValueSatisfying(m -> assertThat(m.status()).isEqualTo(MergeResult.Status.MERGED));
    assertThat(r.message()).isEqualTo("Merge auth-2: did auth-2");
    assertThat(git.merges()).containsExactly("feature/auth-2->main");
    assertThat(git.files("main")).containsKey("two.txt").doesNotContainKey("one.txt");
    assertThat(r.notChosen()).containsExactly(t("auth-1"), t("auth-3"));
    assertThat(r.decision().winner()).contains(t("auth-2"));
    assertThat(r.decision().discard()).containsExactly(t("auth-1"), t("auth-3"));
    assertThat(r.decision().reasons().get(t("auth-1"))).contains("not chosen");
    assertThat(r.cleanup().removed()).containsExactly(t("auth-1"));
    assertThat(r.cleanup().kept()).singleElement().satisfies(k -> assertThat(k.task()).isEqualTo(t("auth-3")));
    assertThat(git.hasWorktree(t("auth-1"))).isFalse();
    assertThat(statuses.read(t("auth-1"))).isEmpty();
    assertThat(git.hasWorktree(t("auth-2"))).as("the chosen one stays").isTrue();
    assertThat(events.types()).containsExactly("decided", "merged", "workspace-removed");
    assertThat(events.ofType(OrchestrationEvent.Decided.class)).singleElement()
        .satisfies(e -> assertThat(e.runId()).isEqualTo("r"));
  }

  @Test
  void pick_keepPolicy_removesNothing() {
    attempt("k-1", "r", AgentState.COMPLETE, Map.of("one.txt", "1\n"));
    attempt("k-2", "r", AgentState.COMPLETE, Map.of("two.txt", "2\n"));

    PickResult r = review.pick(PickRequest.of(t("k-1")));

    assertThat(r.merged()).isTrue();
    assertThat(r.cleanup().removed()).isEmpty();
    assertThat(git.hasWorktree(t("k-2"))).isTrue();
  }

  @Test
  void pick_notComplete_isRefusedAndChangesNothing() {
    attempt("n-1", "r", AgentState.FAILED, Map.of("one.txt", "1\n"));
    attempt("n-2", "r", AgentState.RUNNING, Map.of("two.txt", "2\n"));

    for (String task : List.of("n-1", "n-2")) {
      assertThatThrownBy(() -> review.pick(PickRequest.of(t(task)))).isInstanceOfSatisfying(ReviewException.class, e -> {
        assertThat(e.kind()).isEqualTo(ReviewException.Kind.NOT_COMPLETE);
        assertThat(e.state()).isPresent().get().isNotEqualTo(AgentState.COMPLETE);
        assertThat(e.getMessage()).contains(task).contains("COMPLETE");
      });
    }
    assertThat(git.merges()).isEmpty();
    assertThat(events.events()).isEmpty();
  }

  @Test
  void pick_noCommits_isRefused() {
    attempt("e-1", "r", AgentState.COMPLETE, Map.of());

    assertThatThrownBy(() -> review.pick(PickRequest.of(t("e-1")))).isInstanceOfSatisfying(ReviewException.class, e -> {
      assertThat(e.kind()).isEqualTo(ReviewException.Kind.NO_COMMITS);
      assertThat(e.subject()).isEqualTo("feature/e-1");
    });
    assertThat(git.merges()).isEmpty();
  }

  @Test
  void pick_predictedConflict_mergesNothingAndNamesTheFiles() {
    attempt("x-1", "r", AgentState.COMPLETE, Map.of("a.txt", "mine\n"));
    attempt("x-2", "r", AgentState.COMPLETE, Map.of("b.txt", "b\n"));
    git.commit("main", Map.of("a.txt", "theirs\n"), "someone else");

    PickResult dry = review.pick(PickRequest.of(t("x-1")).withDryRun(true));
    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.ok()).isFalse();
    assertThat(dry.predictedConflicts()).containsExactly("a.txt");
    assertThat(dry.merge()).isEmpty();

    PickResult r = review.pick(PickRequest.of(t("x-1")).withCleanup(RunOptions.CleanupPolicy.REMOVE_WORKTREES));
    assertThat(r.merged()).isFalse();
    assertThat(r.merge()).hasValueSatisfying(m -> {
      assertThat(m.status()).isEqualTo(MergeResult.Status.CONFLICT);
      assertThat(m.conflicts()).containsExactly("a.txt");
      assertThat(m.message()).hasValueSatisfying(text -> assertThat(text).contains("predicted", "a.txt"));
    });
    assertThat(git.merges()).isEmpty();
    assertThat(git.hasWorktree(t("x-2"))).as("no cleanup after a failed pick").isTrue();
    assertThat(r.cleanup().removed()).isEmpty();
  }

  @Test
  void pick_dryRun_changesNothingAndPostsNothing() {
    attempt("d-1", "r", AgentState.COMPLETE, Map.of("one.txt", "1\n"));
    attempt("d-2", "r", AgentState.COMPLETE, Map.of("two.txt", "2\n"));

    PickResult r = review.pick(PickRequest.of(t("d-1")).withDryRun(true)
        .withCleanup(RunOptions.CleanupPolicy.REMOVE_WORKTREES));

    assertThat(r.ok()).isTrue();
    assertThat(r.merged()).isFalse();
    assertThat(r.cleanup().removed()).as("would be removed").containsExactly(t("d-2"));
    assertThat(git.merges()).isEmpty();
    assertThat(git.hasWorktree(t("d-2"))).isTrue();
    assertThat(events.events()).isEmpty();
  }

  @Test
  void pick_intoItsOwnBranch_isRefused() {
    attempt("s-1", "r", AgentState.COMPLETE, Map.of("one.txt", "1\n"));
    assertThatThrownBy(() -> review.pick(PickRequest.of(t("s-1")).withTarget("feature/s-1")))
        .isInstanceOfSatisfying(ReviewException.class,
            e -> assertThat(e.kind()).isEqualTo(ReviewException.Kind.TARGET_IS_BRANCH));
  }

  @Test
  void builder_namesMissingPortsAndRefusesTwice() {
    assertThatThrownBy(() -> Review.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("workspaces").hasMessageContaining("statusStore");
    assertThatThrownBy(() -> Review.builder().workspaces(git).workspaces(git)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Review.builder().statusStore(statuses).statusStore(statuses))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Review.builder().clock(clock).clock(clock)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Review.builder().clock(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Review.builder().listener(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> review.pick(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void pickRequest_blankTarget() {
    assertThatThrownBy(() -> PickRequest.of(t("a")).withTarget(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
