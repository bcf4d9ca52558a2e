package dev.porch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The layout is the seed protocol's: every path from the root and a validated task name. */
class StateLayoutTest {
  private final Path root = Path.of("repo").toAbsolutePath();
  private final StateLayout layout = StateLayout.of(root);
  private final TaskName task = TaskName.of("auth-1");

  @Test
  void paths_matchTheProtocol() {
    Path status = root.resolve(".agent-status");
    assertThat(layout.statusFolder()).isEqualTo(status);
    assertThat(layout.statusFile(task)).isEqualTo(status.resolve("auth-1.json"));
    assertThat(layout.eventsFile()).isEqualTo(status.resolve("events.ndjson"));
    assertThat(layout.repositoryLock()).isEqualTo(status.resolve(".lock"));
    assertThat(layout.taskLock(task)).isEqualTo(status.resolve(".locks").resolve("auth-1.lock"));
    assertThat(layout.promptFile(task)).isEqualTo(status.resolve("prompts").resolve("auth-1.md"));
    assertThat(layout.logFile(task)).isEqualTo(status.resolve("logs").resolve("auth-1.log"));
    assertThat(layout.transcriptFile(task)).isEqualTo(status.resolve("logs").resolve("auth-1.transcript.log"));
    assertThat(layout.testLogFile(task)).isEqualTo(status.resolve("logs").resolve("auth-1.test.log"));
    assertThat(layout.setupLogFile(task)).isEqualTo(status.resolve("logs").resolve("auth-1.setup.log"));
    assertThat(layout.worktree(task)).isEqualTo(root.resolve(".worktrees").resolve("auth-1"));
    assertThat(layout.portRegistry()).isEqualTo(root.resolve(".worktrees").resolve(".porch-ports.json"));
    assertThat(layout.portRegistryLock()).isEqualTo(root.resolve(".worktrees").resolve(".porch-ports.lock"));
    assertThat(layout.shareTimes()).isEqualTo(root.resolve(".worktrees").resolve(".porch-share.json"));
  }

  @Test
  void relative_usesForwardSlashes() {
    assertThat(layout.relative(layout.logFile(task))).isEqualTo(StateLayout.relativeLogFile(task))
        .isEqualTo(".agent-status/logs/auth-1.log");
    assertThat(layout.relative(layout.worktree(task))).isEqualTo(StateLayout.relativeWorktree(task))
        .isEqualTo(".worktrees/auth-1");
    assertThat(layout.relative(layout.statusFile(task))).isEqualTo(StateLayout.relativeStatusFile(task))
        .isEqualTo(".agent-status/auth-1.json");
  }

  @Test
  void relative_outsideTheRoot() {
    assertThatThrownBy(() -> layout.relative(Path.of("elsewhere").toAbsolutePath().resolve("x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not inside");
  }

  @Test
  void of_null() {
    assertThatThrownBy(() -> StateLayout.of(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("root");
  }

  @Test
  void equals_byRoot() {
    assertThat(StateLayout.of(root)).isEqualTo(layout).hasSameHashCodeAs(layout);
    assertThat(StateLayout.of(root.resolve("x"))).isNotEqualTo(layout);
  }
}
