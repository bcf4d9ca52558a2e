package dev.porch.core.port;

import dev.porch.core.TaskName;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How an agent's run ended, as seen by its launcher. Whether the task is COMPLETE also depends on
 * what the agent wrote to its status file; the engine combines both.
 *
 * @param task the task
 * @param kind how it ended
 * @param exitCode the process exit code, when it exited
 * @param rateLimited whether the output matched the profile's rate-limit patterns (worth a retry)
 * @param duration wall time from start to end
 * @param reason a short explanation for anything but a clean exit
 * @param logTail the last lines of the agent's output
 */
public record AgentOutcome(
    TaskName task,
    Kind kind,
    OptionalInt exitCode,
    boolean rateLimited,
    Duration duration,
    Optional<String> reason,
    List<String> logTail) {

  /** How a run ended. */
  public enum Kind {
    /** The agent exited by itself (any exit code). */
    EXITED,
    /** It ran past its timeout and was stopped. */
    TIMED_OUT,
    /** It was cancelled (by the user, the pattern or a run timeout). */
    CANCELLED,
    /** It never started: program missing, bad template. */
    FAILED_TO_START,
    /**
     * It could not log in to its model service (no API key, an invalid key, an expired login) and
     * was stopped at once: never retried, the reason says how to fix it.
     */
    LOGIN_FAILED
  }

  public AgentOutcome {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(exitCode, "exitCode");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(reason, "reason");
    logTail = List.copyOf(logTail);
  }

  /** An agent that exited with {@code code}. */
  public static AgentOutcome exited(TaskName task, int code, Duration duration, List<String> logTail) {
    return new AgentOutcome(task, Kind.EXITED, OptionalInt.of(code), false, duration,
        code == 0 ? Optional.empty() : Optional.of("agent exited with code " + code), logTail);
  }

  /** An outcome with {@code kind} and a reason, no exit code. */
  public static AgentOutcome stopped(TaskName task, Kind kind, String reason, Duration duration, List<String> logTail) {
    return new AgentOutcome(task, kind, OptionalInt.empty(), false, duration, Optional.of(reason), logTail);
  }

  /** The same outcome, flagged as a rate-limit failure. */
  public AgentOutcome asRateLimited() {
    return new AgentOutcome(task, kind, exitCode, true, duration, reason, logTail);
  }

  /** Exited with code 0. */
  public boolean succeeded() {
    return kind == Kind.EXITED && exitCode.isPresent() && exitCode.getAsInt() == 0;
  }
}
