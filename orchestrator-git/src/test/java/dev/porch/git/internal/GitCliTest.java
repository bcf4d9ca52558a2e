package dev.porch.git.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.error.GitVersionException;
import dev.porch.core.error.WorkspaceException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process runner: version rule, NUL splitting, timeouts. */
class GitCliTest {
  @TempDir Path tmp;

  @Test
  void requireVersion_acceptsNewEnoughAndRefusesOlder() {
    assertThat(GitCli.requireVersion("git version 2.39.5\n")).isEqualTo("2.39.5");
    assertThat(GitCli.requireVersion("git version 2.38.0.windows.1\n")).isEqualTo("2.38.0");
    assertThat(GitCli.requireVersion("git version 3.0 (Apple Git-200)\n")).isEqualTo("3.0");
    assertThatThrownBy(() -> GitCli.requireVersion("git version 2.37.9\n"))
        .isInstanceOfSatisfying(GitVersionException.class, e -> {
          assertThat(e.found()).isEqualTo("2.37.9");
          assertThat(e).hasMessageContaining("2.38 or newer");
        });
    assertThatThrownBy(() -> GitCli.requireVersion("openjdk 17")).isInstanceOf(GitVersionException.class);
  }

  @Test
  void splitNul_dropsTheTrailingEmptyField() {
    assertThat(GitCli.splitNul("a\0b c\0")).containsExactly("a", "b c");
    assertThat(GitCli.splitNul("")).isEmpty();
  }

  @Test
  void run_killsACommandThatOverrunsItsTimeout() {
    // a fake "git" in Java that never ends on its own
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    GitCli cli = new GitCli(java, Duration.ofSeconds(2));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> cli.run(tmp, List.of("-cp", System.getProperty("java.class.path"), dev.porch.git.Hang.class.getName())))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
  }
}
