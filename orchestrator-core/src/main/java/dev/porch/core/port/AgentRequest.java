package dev.porch.core.port;

import dev.porch.core.RunOptions;
import dev.porch.core.TaskName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Everything an {@link AgentLauncher} needs to start one agent on one task.
 *
 * <p>Nothing here assumes the agent shares the orchestrator's file system except {@link
 * #statusFile()}, which only a local launcher uses: a remote launcher works from {@link
 * #workspace()}'s branch instead.
 */
@Value.Immutable
public abstract class AgentRequest {
  AgentRequest() {}

  /** The task. */
  public abstract TaskName task();

  /** Where the agent works. */
  public abstract Workspace workspace();

  /** The task's instructions (the launcher renders them into the full agent prompt). */
  public abstract String instructions();

  /** The agent profile, e.g. {@code claude}, {@code codex}, {@code custom}. */
  public abstract String agent();

  /** The task's role in its pattern, exported as {@code PORCH_ROLE}. */
  public abstract Optional<String> role();

  /** The pattern running this task, for the prompt and status. */
  public abstract Optional<String> pattern();

  /** Attempt number, 1 for the first. */
  @Value.Default
  public int attempt() {
    return 1;
  }

  /** How long the agent may run before it is stopped and its outcome is TIMED_OUT. */
  public abstract Optional<Duration> timeout();

  /** Absolute path of the task's status file, for launchers whose agents share this disk. */
  public abstract Optional<Path> statusFile();

  /** Extra environment for the agent (added to porch's own {@code PORCH_*} variables). */
  public abstract Map<String, String> environment();

  /**
   * The agent CLI session to continue ({@code porch tell}): the instructions are then the follow-up
   * message, sent to that session. A launcher that cannot resume starts the agent anew in the same
   * workspace, with the instructions as they are.
   */
  public abstract Optional<String> resumeSession();

  /**
   * For a follow-up on earlier work ({@link RunOptions#followUp()}): how the task's previous attempt
   * ended, e.g. {@code COMPLETE: Added the login form}. A launcher that starts the agent anew
   * (nothing to resume) tells the agent this and that it continues in the same workspace. Empty
   * for a first run or a retry.
   */
  public abstract Optional<String> previousAttempt();

  @Value.Check
  protected void check() {
    if (!workspace().task().equals(task())) {
      throw new IllegalArgumentException(
          "request for " + task() + " has the workspace of " + workspace().task());
    }
    if (attempt() < 1) {
      throw new IllegalArgumentException("attempt must be 1 or more, got " + attempt());
    }
  }

  /** A new builder; {@code task}, {@code workspace}, {@code instructions} and {@code agent} are required. */
  public static Builder builder() {
    return new Builder();
  }

  public abstract AgentRequest withAttempt(int attempt);

  public abstract AgentRequest withTimeout(Duration timeout);

  public abstract AgentRequest withResumeSession(Optional<String> session);

  public abstract AgentRequest withInstructions(String instructions);

  /** Whether this request follows up on earlier work: a session to resume or a previous attempt. */
  public boolean isFollowUp() {
    return resumeSession().isPresent() || previousAttempt().isPresent();
  }

  /** Builder; each attribute may be set once. */
  public static final class Builder extends ImmutableAgentRequest.Builder {
    Builder() {}
  }
}
