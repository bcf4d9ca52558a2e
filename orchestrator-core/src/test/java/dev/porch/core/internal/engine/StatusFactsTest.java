package dev.porch.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.TaskName;
import dev.porch.core.port.AgentOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class StatusFactsTest {
  private static final TaskName T = TaskName.of("t1");

  @Test
  void failure_failedToStartSaysItsReasonOnce() {
    String reason = "could not start codex in /repo/.worktrees/t1: Cannot run program \"codex\": error=2, No such file"
        + " or directory; check that the program is installed and on the PATH, or change agents.codex.command in .porch.json";
    AgentOutcome o = AgentOutcome.stopped(T, AgentOutcome.Kind.FAILED_TO_START, reason, Duration.ZERO, List.of(reason));

    String why = StatusFacts.failure(o, null);

    assertThat(why).isEqualTo("failed to start: " + reason);
  }

  @Test
  void failure_keepsTheFirstErrorLineWithoutEscapes() {
    List<String> tail = List.of("\u001b[91merror:\u001b[0m unexpected argument '\u001b[33m--full-auto\u001b[0m' found", "",
        "  tip: to pass '--full-auto' as a value, use '-- --full-auto'", "", "Usage: codex exec [OPTIONS] [PROMPT]",
        "Usage: codex exec [OPTIONS] [PROMPT]", "For more information, try '--help'.", "a", "b", "c");
    AgentOutcome o = AgentOutcome.exited(T, 2, Duration.ZERO, tail);

    String why = StatusFacts.failure(o, null);

    assertThat(why).isEqualTo("agent exited with code 2; first error: error: unexpected argument '--full-auto' found;"
        + " last output: Usage: codex exec [OPTIONS] [PROMPT] | For more information, try '--help'. | a | b | c");
  }

  @Test
  void failure_escapesWrittenAsJsonTextAreRemovedToo() {
    AgentOutcome o = AgentOutcome.exited(T, 1, Duration.ZERO,
        List.of("{\"message\":\"\\u001b[91mFATAL\\u001b[0m: quota\"}"));

    assertThat(StatusFacts.failure(o, null)).isEqualTo("agent exited with code 1; last output: {\"message\":\"FATAL: quota\"}");
  }

  @Test
  void failure_reasonFromTheLauncherIsUsedAndNotRepeated() {
    String first = "error: unexpected argument '--full-auto' found";
    AgentOutcome o = new AgentOutcome(T, AgentOutcome.Kind.EXITED, OptionalInt.of(2), false, Duration.ZERO,
        Optional.of("agent exited with code 2: " + first), List.of(first, "Usage: codex exec"));

    assertThat(StatusFacts.failure(o, null))
        .isEqualTo("agent exited with code 2: " + first + "; last output: Usage: codex exec");
  }

  @Test
  void failure_loginFailedSaysTheReasonOnce() {
    String reason = "claude: the API key was refused (Invalid API key · Fix external API key); run `claude` once";
    AgentOutcome o = AgentOutcome.stopped(T, AgentOutcome.Kind.LOGIN_FAILED, reason, Duration.ZERO,
        List.of("Invalid API key · Fix external API key", "! " + reason));

    assertThat(StatusFacts.failure(o, null)).as("one line: the agent, what failed, the fix").isEqualTo(reason);
  }
}
