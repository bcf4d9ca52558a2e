package dev.porch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link Sandboxes} decides without a sandbox running (SandboxTest runs bwrap). */
class SandboxesTest {
  @Test
  void home_isTheEnvironmentsHome_likeTheAgentsCliReadsIt() {
    // Java's user.home comes from the password database: a HOME set for porch (a CI job, a test,
    // sudo -E) would otherwise bind the profile's ~/ folders from another home than the CLI writes
    assertThat(Sandboxes.home(Map.of("HOME", "/home/agent-user"))).isEqualTo(Path.of("/home/agent-user"));
    assertThat(Sandboxes.home(Map.of())).isEqualTo(Path.of(System.getProperty("user.home")));
    assertThat(Sandboxes.home(Map.of("HOME", ""))).isEqualTo(Path.of(System.getProperty("user.home")));
    assertThat(Sandboxes.home(Map.of("HOME", "relative/home"))).isEqualTo(Path.of(System.getProperty("user.home")));
  }
}
