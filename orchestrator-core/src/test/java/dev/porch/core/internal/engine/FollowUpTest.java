package dev.porch.core.internal.engine;

import static dev.porch.core.testing.EngineHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.RunOptions;
import dev.porch.core.RunRequest;
import dev.porch.core.RunResult;
import dev.porch.core.TaskName;
import dev.porch.core.TaskSpec;
import dev.porch.core.Workflow;
import dev.porch.core.error.IllegalTransitionException;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.pattern.Patterns;
import dev.porch.core.port.TestCommand;
import dev.porch.core.testing.EngineHarness;
import dev.porch.core.testing.ScriptedLauncher;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Follow-ups ({@link RunOptions#followUp()}): a new attempt of a finished task in its own worktree. */
class FollowUpTest {
  private final EngineHarness h = new EngineHarness();
  private final TaskName auth = task("auth-1");

  private RunResult first() {
    RunRequest r = RunRequest.of(auth, "build the login form").withTestCommand(TestCommand.of("true"));
    return h.run(Patterns.manual(List.of(TaskSpec.of(auth, "build the login form"))), r.withOptions(RunOptions.defaults()
        .withMergePolicy(RunOptions.MergePolicy.REVIEW)));
  }

  private RunResult tell(String message) {
    RunRequest r = RunRequest.of(auth, message).withTestCommand(TestCommand.of("true"));
    return h.run(Patterns.manual(List.of(TaskSpec.of(auth, message))), r.withOptions(RunOptions.defaults()
        .withFollowUp(true).withMergePolicy(RunOptions.MergePolicy.REVIEW)));
  }

  @Test
  void followUp_startsAttempt2InTheSameWorktreeWithTheRecordedSession() {
    h.launcher.script(auth, new ScriptedLauncher.MarkComplete("login form built", Map.of("form.txt", "v1\n"),
        java.time.Duration.ZERO));
    first();
    h.store.update(auth, s -> s.withSession("sess-42"));
    String firstBranch = h.git.find(auth).orElseThrow().branch();
    h.launcher.script(auth, ScriptedLauncher.succeedWith(Map.of("form.txt", "v2\n")));

    RunResult r = tell("also validate the e-mail field");

    List<ScriptedLauncher.Launch> launches = h.launcher.launches(auth);
    assertThat(launches).hasSize(2);
    var second = launches.get(1).request();
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(second.resumeSession()).contains("sess-42");
    assertThat(second.previousAttempt()).contains("COMPLETE: login form built");
    assertThat(second.instructions()).isEqualTo("also validate the e-mail field");
    assertThat(second.workspace().branch()).isEqualTo(firstBranch);
    assertThat(launches.get(1).storeStates()).containsEntry(auth, AgentState.RUNNING);
    AgentStatus s = h.store.read(auth).orElseThrow();
    assertThat(s.status()).isEqualTo(AgentState.COMPLETE);
    assertThat(s.attempt()).isEqualTo(2);
    assertThat(s.summary()).as("the new attempt's summary, not the old one").contains("work on auth-1");
    assertThat(s.score()).isPresent();
    assertThat(r.evaluations()).containsKey(auth);
    assertThat(h.git.merges()).isEmpty();
    assertThat(h.git.hasWorktree(auth)).isTrue();
    assertThat(h.events.ofType(OrchestrationEvent.StateChanged.class).stream()
        .filter(e -> e.taskName().equals(auth)).map(e -> e.to()).toList())
        .containsSubsequence(AgentState.COMPLETE, AgentState.PENDING, AgentState.RUNNING, AgentState.COMPLETE);
  }

  @Test
  void followUp_withAnotherAgentDoesNotPassTheSessionOn() {
    first();
    h.store.update(auth, s -> s.withSession("claude-session").withAgent("claude"));
    RunRequest r = RunRequest.of(auth, "more").withAgent("codex");
    h.run(Patterns.manual(List.of(TaskSpec.of(auth, "more"))), r.withOptions(RunOptions.defaults().withFollowUp(true)
        .withMergePolicy(RunOptions.MergePolicy.REVIEW)));
    var second = h.launcher.launches(auth).get(1).request();
    assertThat(second.agent()).isEqualTo("codex");
    assertThat(second.resumeSession()).isEmpty();
    assertThat(h.store.read(auth).orElseThrow().agent()).contains("codex");
  }

  @Test
  void followUp_withoutSessionOfAFailedTask() {
    h.launcher.script(auth, ScriptedLauncher.fail(2));
    first();
    RunResult r = tell("try again, smaller");

    var second = h.launcher.launches(auth).get(1).request();
    assertThat(second.resumeSession()).isEmpty();
    assertThat(second.previousAttempt()).hasValueSatisfying(p -> assertThat(p).startsWith("FAILED: "));
    assertThat(r.state(auth)).isEqualTo(AgentState.COMPLETE);
    assertThat(h.store.read(auth).orElseThrow().exitCode()).hasValue(0);
  }

  @Test
  void followUp_ofABlockedTask() {
    h.launcher.script(auth, new ScriptedLauncher.MarkBlocked("which database?"));
    first();
    tell("use PostgreSQL");
    var second = h.launcher.launches(auth).get(1).request();
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(second.previousAttempt()).contains("BLOCKED: which database?");
    assertThat(h.store.read(auth).orElseThrow().status()).isEqualTo(AgentState.COMPLETE);
  }

  @Test
  void launchIntoASpawnedWorktree_recordsTheAgentThatRuns_soAFollowUpUsesItToo() {
    h.git.addWorktree(auth);
    h.store.write(AgentStatus.pending(auth, "feature/auth-1", ".worktrees/auth-1")); // as porch spawn writes it
    RunRequest r = RunRequest.of(auth, "build it").withAgent("codex");
    h.run(Patterns.manual(List.of(TaskSpec.of(auth, "build it"))), r.withOptions(RunOptions.defaults()
        .withReuseExistingWorkspaces(true).withMergePolicy(RunOptions.MergePolicy.REVIEW)));

    assertThat(h.store.read(auth).orElseThrow().agent()).contains("codex");
  }

  @Test
  void start_followUpOfARunningTask() {
    h.git.addWorktree(auth);
    h.store.write(AgentStatus.pending(auth, "feature/auth-1", ".worktrees/auth-1").moveTo(AgentState.RUNNING, h.clock.instant()));
    assertThatThrownBy(() -> tell("more"))
        .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
          assertThat(e.from()).isEqualTo(AgentState.RUNNING);
          assertThat(e.hints()).isNotEmpty();
        })
        .hasMessageContaining("task auth-1 is RUNNING").hasMessageNotContaining("porch ");
    assertThat(h.launcher.launches()).isEmpty();
  }

  @Test
  void start_followUpOfAPendingTask() {
    h.git.addWorktree(auth);
    h.store.write(AgentStatus.pending(auth, "feature/auth-1", ".worktrees/auth-1"));
    assertThatThrownBy(() -> tell("more")).isInstanceOf(IllegalTransitionException.class).hasMessageContaining("PENDING");
  }

  @Test
  void start_followUpOfAnUnknownTask() {
    assertThatThrownBy(() -> tell("more")).isInstanceOf(WorkspaceException.class).hasMessageContaining("no task auth-1");
  }

  @Test
  void start_followUpOfATaskWithoutWorktree() {
    h.store.write(AgentStatus.pending(auth, "feature/auth-1", ".worktrees/auth-1")
        .moveTo(AgentState.FAILED, h.clock.instant()));
    assertThatThrownBy(() -> tell("more")).isInstanceOf(WorkspaceException.class).hasMessageContaining("no worktree");
  }

  @Test
  void checkFollowUp_refusesLikeTheEngine() {
    Workflow wf = Workflow.of(h.git, h.store, h.clock);
    assertThatThrownBy(() -> wf.checkFollowUp(auth)).isInstanceOf(WorkspaceException.class);
    h.git.addWorktree(auth);
    h.store.write(AgentStatus.pending(auth, "feature/auth-1", ".worktrees/auth-1"));
    assertThatThrownBy(() -> wf.checkFollowUp(auth)).isInstanceOf(IllegalTransitionException.class);
    h.store.update(auth, s -> s.moveTo(AgentState.FAILED, h.clock.instant()));
    assertThat(wf.checkFollowUp(auth).status()).isEqualTo(AgentState.FAILED);
  }
}
