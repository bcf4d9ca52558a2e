package dev.porch.core;

import dev.porch.core.error.IllegalTransitionException;
import dev.porch.core.port.StatusStore;
import dev.porch.core.port.TestResult;
import dev.porch.core.port.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * One agent's status, the content of {@code .agent-status/<task>.json}: the seed protocol's fields
 * ({@code task, status, started, completed, summary, files_changed, branch, worktree}) plus the
 * optional fields porch adds. Times are UTC instants.
 *
 * <p>{@link #worktree()} is the path as written in the file (the seed writes {@code
 * .worktrees/<task>}); a {@link StatusStore} refuses to return a status whose paths point outside
 * {@code .worktrees/}.
 *
 * <pre>{@code
 * AgentStatus s = AgentStatus.pending(TaskName.of("auth-1"), "feature/auth-1", ".worktrees/auth-1");
 * AgentStatus running = s.moveTo(AgentState.RUNNING, clock.instant());
 * }</pre>
 */
@Value.Immutable
public abstract class AgentStatus {
  AgentStatus() {}

  /** The task this status belongs to; also the file name. */
  public abstract TaskName task();

  /** The seed's {@code status}. */
  public abstract AgentState status();

  /** When the agent started, if it has. */
  public abstract Optional<Instant> started();

  /** When the agent reached COMPLETE or FAILED. */
  public abstract Optional<Instant> completed();

  /** The agent's own summary of its work. */
  public abstract Optional<String> summary();

  /** Files changed on the branch, repository-relative. */
  public abstract List<String> filesChanged();

  /** The branch the agent works on, e.g. {@code feature/auth-1}. */
  public abstract String branch();

  /** The worktree as written in the file, e.g. {@code .worktrees/auth-1}. */
  public abstract String worktree();

  // ---- porch's optional fields ----

  /** The pattern that created this task, e.g. {@code competitive}. */
  public abstract Optional<String> pattern();

  /** The task's role in its pattern, e.g. {@code implementer}, {@code test-writer}. */
  public abstract Optional<String> role();

  /** Attempt number, 1 for the first. */
  @Value.Default
  public int attempt() {
    return 1;
  }

  /** The agent profile that runs it, e.g. {@code claude}. */
  public abstract Optional<String> agent();

  /** The agent's process id while it runs (process launcher only). */
  public abstract OptionalLong pid();

  /** When the agent's process started, to tell a reused pid from the real one. */
  public abstract Optional<Instant> pidStarted();

  /** The agent's exit code, once it exited. */
  public abstract OptionalInt exitCode();

  /** The agent's log, relative to the repository, e.g. {@code .agent-status/logs/auth-1.log}. */
  public abstract Optional<String> log();

  /** The base branch or commit the worktree was made from. */
  public abstract Optional<String> base();

  /** The port this worktree's dev servers should use ({@code PORCH_PORT}). */
  public abstract OptionalInt port();

  /** The last test run's result. */
  public abstract Optional<TestResult> tests();

  /** The evaluation score; higher is better. */
  public abstract OptionalDouble score();

  /** Why the task failed or is blocked. */
  public abstract Optional<String> error();

  /** The run this task belongs to, so a resumed engine can find its tasks. */
  public abstract Optional<String> run();

  /** When the file was last written. */
  public abstract Optional<Instant> updated();

  /**
   * Whether porch committed work the agent left uncommitted when it ended (so what was judged is
   * what is merged); false when the agent committed everything itself.
   */
  @Value.Default
  public boolean committedByPorch() {
    return false;
  }

  /** The agent CLI's session (or thread) id, to resume it with {@code tell} or {@code attach}. */
  public abstract Optional<String> session();

  /** Tokens, turns and cost the agent's CLI reported for this attempt. */
  public abstract Optional<Usage> usage();

  /** What the running agent is doing now (its current step or tool), while it runs. */
  public abstract Optional<String> activity();

  @Value.Check
  protected void check() {
    if (attempt() < 1) {
      throw new IllegalArgumentException("attempt must be 1 or more, got " + attempt());
    }
    if (branch().isBlank()) {
      throw new IllegalArgumentException("branch of " + task() + " is blank");
    }
    if (worktree().isBlank()) {
      throw new IllegalArgumentException("worktree of " + task() + " is blank");
    }
  }

  /** A new builder; {@code task}, {@code status}, {@code branch} and {@code worktree} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The status the seed's spawn script writes: PENDING, no times, no summary, no files.
   *
   * @param task the task
   * @param branch its branch
   * @param worktree its worktree as written in the file
   * @return a PENDING status
   */
  public static AgentStatus pending(TaskName task, String branch, String worktree) {
    return builder().task(task).status(AgentState.PENDING).branch(branch).worktree(worktree).build();
  }

  /**
   * Moves to {@code next}, checking the transition table and stamping the times: {@code started}
   * on RUNNING (if not set), {@code completed} on COMPLETE or FAILED, {@code updated} always.
   *
   * @param next the new state
   * @param now the time of the change
   * @return the new status
   * @throws IllegalTransitionException if the table does not allow it
   */
  public AgentStatus moveTo(AgentState next, Instant now) {
    status().moveTo(task(), next);
    ImmutableAgentStatus s = copy().withStatus(next).withUpdated(now);
    if (next == AgentState.RUNNING && started().isEmpty()) {
      s = s.withStarted(now);
    }
    if (next.isFinal()) {
      s = s.withCompleted(now);
    }
    return s;
  }

  /**
   * A new attempt after a final state, or after BLOCKED (which may go back to PENDING): PENDING
   * again, attempt + 1, the run details (times, process, exit code, error, activity) and the
   * previous attempt's results (summary, changed files, tests, score) cleared. The branch, worktree,
   * session and usage stay.
   *
   * @param now the time of the retry
   * @return the reset status
   * @throws IllegalTransitionException if this status is PENDING or RUNNING
   */
  public AgentStatus retry(Instant now) {
    if (!status().isFinal() && status() != AgentState.BLOCKED) {
      throw new IllegalTransitionException(task(), status(), AgentState.PENDING);
    }
    return copy()
        .withSummary(Optional.empty())
        .withFilesChanged(List.of())
        .withTests(Optional.empty())
        .withScore(java.util.OptionalDouble.empty())
        .withStatus(AgentState.PENDING)
        .withAttempt(attempt() + 1)
        .withStarted(Optional.empty())
        .withCompleted(Optional.empty())
        .withPid(OptionalLong.empty())
        .withPidStarted(Optional.empty())
        .withExitCode(OptionalInt.empty())
        .withError(Optional.empty())
        .withCommittedByPorch(false)
        .withActivity(Optional.empty())
        .withUpdated(now);
  }

  /**
   * A COMPLETE report that porch could not take (the agent's work could not be committed): FAILED
   * with {@code why}. The one way out of COMPLETE besides {@link #retry}.
   *
   * @param why the reason, for the status file's {@code error}
   * @param now the time of the change
   * @return the FAILED status
   * @throws IllegalTransitionException if this status is not COMPLETE
   */
  public AgentStatus completionRefused(String why, Instant now) {
    if (status() != AgentState.COMPLETE) {
      throw new IllegalTransitionException(task(), status(), AgentState.FAILED);
    }
    return copy().withStatus(AgentState.FAILED).withCompleted(now).withUpdated(now).withError(why);
  }

  /** The same status with the process fields (pid and its start time) set. */
  public AgentStatus withProcess(long pid, Instant processStarted) {
    return copy().withPid(pid).withPidStarted(Optional.ofNullable(processStarted));
  }

  /** The same status without process fields. */
  public AgentStatus withoutProcess() {
    return copy().withPid(OptionalLong.empty()).withPidStarted(Optional.empty());
  }

  private ImmutableAgentStatus copy() {
    return (ImmutableAgentStatus) ImmutableAgentStatus.copyOf(this);
  }

  // ---- copies with one field changed (implemented by the generated class; the state only changes
  // through moveTo and retry) ----

  public abstract AgentStatus withSummary(String summary);

  public abstract AgentStatus withSummary(Optional<String> summary);

  public abstract AgentStatus withFilesChanged(Iterable<String> files);

  public abstract AgentStatus withBranch(String branch);

  public abstract AgentStatus withWorktree(String worktree);

  public abstract AgentStatus withPattern(String pattern);

  public abstract AgentStatus withRole(String role);

  public abstract AgentStatus withAgent(String agent);

  public abstract AgentStatus withExitCode(int exitCode);

  public abstract AgentStatus withLog(String log);

  public abstract AgentStatus withBase(String base);

  public abstract AgentStatus withPort(int port);

  public abstract AgentStatus withTests(TestResult tests);

  public abstract AgentStatus withScore(double score);

  public abstract AgentStatus withError(String error);

  public abstract AgentStatus withError(Optional<String> error);

  public abstract AgentStatus withRun(String run);

  public abstract AgentStatus withUpdated(Instant updated);

  public abstract AgentStatus withStarted(Instant started);

  public abstract AgentStatus withCommittedByPorch(boolean committed);

  public abstract AgentStatus withSession(String session);

  public abstract AgentStatus withSession(Optional<String> session);

  public abstract AgentStatus withUsage(Usage usage);

  public abstract AgentStatus withUsage(Optional<? extends Usage> usage);

  public abstract AgentStatus withActivity(String activity);

  public abstract AgentStatus withActivity(Optional<String> activity);

  public abstract AgentStatus withCompleted(Instant completed);

  /** Builder; each attribute may be set once. */
  public static final class Builder extends ImmutableAgentStatus.Builder {
    Builder() {}
  }
}
