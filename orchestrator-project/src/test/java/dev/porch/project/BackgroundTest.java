package dev.porch.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Background processes: an argument list, no terminal, output in a log under the state folder. */
class BackgroundTest {
  @TempDir Path repo;
  private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1234), ZoneOffset.UTC);

  /** The program started in the background: prints its arguments and what it reads from stdin. */
  public static final class Echo {
    public static void main(String[] args) throws IOException {
      System.out.println("args=" + String.join("|", args));
      System.out.println("stdin=" + System.in.read());
      System.err.println("to stderr");
    }
  }

  @Test
  void start_runsTheArgumentListWithNoInputAndLogsBothStreams() throws Exception {
    Background.Started s = Background.start(repo, Background.sameJava(System.getProperty("java.class.path"),
        Echo.class.getName(), List.of("a b", "$(touch x)", ";rm")), "launch", clock);
    assertThat(s.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(s.process().exitValue()).isZero();
    assertThat(s.log()).isEqualTo(repo.resolve(".agent-status/logs/porch-launch-1234.log"));
    assertThat(Files.readString(s.log())).contains("args=a b|$(touch x)|;rm", "stdin=-1", "to stderr");
    assertThat(repo.resolve("x")).as("never through a shell").doesNotExist();
  }

  @Test
  void start_refusesAnEmptyCommandOrABadLabel() {
    assertThatThrownBy(() -> Background.start(repo, List.of(), "launch", clock))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no command");
    assertThatThrownBy(() -> Background.start(repo, List.of("java"), "../x", clock))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower-case word");
  }

  @Test
  void start_neverWritesThroughALinkedStateFolder() throws Exception {
    Path elsewhere = Files.createDirectories(repo.resolveSibling(repo.getFileName() + "-elsewhere"));
    try {
      Files.createSymbolicLink(repo.resolve(".agent-status"), elsewhere);
    } catch (UnsupportedOperationException | IOException e) {
      org.junit.jupiter.api.Assumptions.abort("this file system makes no symbolic links: " + e);
    }
    assertThatThrownBy(() -> Background.start(repo, List.of("java", "-version"), "launch", clock))
        .isInstanceOf(IOException.class);
    try (var in = Files.list(elsewhere)) {
      assertThat(in).isEmpty();
    }
  }
}
