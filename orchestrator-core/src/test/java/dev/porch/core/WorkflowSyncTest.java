package dev.porch.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.port.MergeResult;
import dev.porch.core.testing.FakeWorkspaces;
import dev.porch.core.testing.InMemoryStatusStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Workflow#planSync} trusts a status file's branch only when it is the task's own. */
class WorkflowSyncTest {
  final FakeWorkspaces git = new FakeWorkspaces();
  final InMemoryStatusStore statuses = new InMemoryStatusStore();
  final Workflow wf = Workflow.of(git, statuses, Clock.fixed(Instant.parse("2026-01-30T10:00:00Z"), ZoneOffset.UTC));

  @Test
  void planSync_statusNamingAnotherTasksBranch_isRefusedNotMerged() {
    TaskName mine = TaskName.of("feat-1");
    git.addWorktree(mine);
    git.addWorktree(TaskName.of("keep"));
    git.commit("feature/keep", Map.of("keep.txt", "someone else's work\n"), "keep");
    statuses.write(complete(mine, "feature/keep"));

    SyncPlan plan = wf.planSync("main");

    assertThat(plan.merge()).isEmpty();
    assertThat(plan.refused()).singleElement().satisfies(r -> {
      assertThat(r.ownBranch()).isEqualTo("feature/feat-1");
      assertThat(r.reason()).contains("feature/keep").contains("feature/feat-1").contains("feat-1");
    });
    assertThat(wf.merge(plan, s -> true)).isEmpty();
    assertThat(git.merges()).isEmpty();
  }

  @Test
  void planSync_statusWithoutWorktree_mustNameTheDefaultBranch() {
    statuses.write(complete(TaskName.of("gone-1"), "main"));
    statuses.write(complete(TaskName.of("gone-2"), "feature/gone-2"));

    SyncPlan plan = wf.planSync("main");

    assertThat(plan.refused()).extracting(r -> r.status().task().value()).containsExactly("gone-1");
    assertThat(plan.merge()).extracting(s -> s.task().value()).containsExactly("gone-2");
  }

  @Test
  void planSync_ownBranch_isMerged() {
    TaskName t = TaskName.of("feat-1");
    git.addWorktree(t);
    git.commitTo(t, Map.of("a.txt", "a\n"), "work");
    statuses.write(complete(t, "feature/feat-1"));

    SyncPlan plan = wf.planSync("main");

    assertThat(plan.refused()).isEmpty();
    assertThat(wf.merge(plan, s -> true)).extracting(MergeResult::status).containsExactly(MergeResult.Status.MERGED);
  }

  private static AgentStatus complete(TaskName task, String branch) {
    Instant now = Instant.parse("2026-01-30T10:00:00Z");
    return AgentStatus.pending(task, branch, ".worktrees/" + task).moveTo(AgentState.RUNNING, now)
        .moveTo(AgentState.COMPLETE, now).withSummary(Optional.of("done")).withFilesChanged(List.of());
  }
}
