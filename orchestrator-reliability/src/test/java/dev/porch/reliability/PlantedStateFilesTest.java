package dev.porch.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Links and pipes planted where porch keeps its own files ({@code .agent-status/} itself, its
 * {@code logs/}, {@code prompts/} and {@code .locks/} folders, the event log, the repository lock,
 * an agent's log): a repository can carry a symbolic link there (git tracks links), and following one
 * would put porch's writes, truncations included, wherever it points. Every command of a run goes
 * over each case: nothing outside the repository changes, nothing hangs, and a refused path is named.
 */
class PlantedStateFilesTest {
  /** A run from spawn to cleanup; the launch reaches the prompt, the agent log and the event log. */
  static final List<List<String>> COMMANDS = List.of(
      List.of("spawn", "feat", "--agents", "1"),
      List.of("launch", "feat-1", "--prompt", "do it", "--wait"),
      List.of("status"),
      List.of("status", "--json"),
      List.of("recover"),
      List.of("cleanup", "feat"));

  /**
   * One planted thing.
   *
   * @param path where, relative to the repository
   * @param target what a link points to, relative to tmp (null: a named pipe)
   * @param refused whether porch must refuse it and name it (a link at a prompt file's own name is
   *     simply replaced: the rename swaps the link itself, never its target)
   */
  record Plant(String path, String target, boolean refused) {
    @Override
    public String toString() {
      return path + (target == null ? " as a named pipe" : " -> " + target);
    }
  }

  static Stream<Plant> plants() {
    return Stream.of(
        new Plant(".agent-status", "canary", true),
        new Plant(".worktrees", "canary", true),
        new Plant(".agent-status/logs", "canary", true),
        new Plant(".agent-status/prompts", "canary", true),
        new Plant(".agent-status/.locks", "canary", true),
        new Plant(".agent-status/logs/feat-1.log", "canary/secret.txt", true),
        new Plant(".agent-status/logs/feat-1.setup.log", "canary/secret.txt", true),
        new Plant(".agent-status/logs/feat-1.transcript.log", "canary/secret.txt", true),
        new Plant(".agent-status/events.ndjson", "canary/secret.txt", true),
        new Plant(".agent-status/.lock", "canary/secret.txt", true),
        new Plant(".agent-status/prompts/feat-1.md", "canary/secret.txt", false),
        new Plant(".agent-status/events.ndjson", null, true),
        new Plant(".agent-status/logs/feat-1.log", null, true),
        new Plant(".agent-status/logs/feat-1.setup.log", null, true),
        new Plant(".agent-status/logs/feat-1.transcript.log", null, true));
  }

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}")
  @MethodSource("plants")
  void aRunOverAPlantedPath_writesNothingOutsideNeverHangsAndNamesIt(Plant plant) {
    Assumptions.assumeFalse(plant.target() == null && System.getProperty("os.name").startsWith("Windows"),
        "named pipes are POSIX files");
    HostileRepo repo = HostileRepo.bare(tmp);
    Path planted = repo.root.resolve(plant.path());
    StringBuilder said = new StringBuilder();
    for (List<String> command : COMMANDS) {
      plant(repo, plant);
      HostileRepo.Guarded before = repo.guard();
      String line = String.join(" ", command);
      Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(60),
          () -> Cli.run(repo.root, command.toArray(String[]::new)), () -> "porch " + line + " hangs on " + plant);
      Invariants.check(r, before);
      said.append(r.out()).append(r.err());
    }
    assertThat(tmp.resolve("canary/secret.txt")).as("the link's target").hasContent("canary canary");
    if (plant.refused()) {
      assertThat(said.toString()).as("some command names %s", planted).contains(planted.toString());
    }
  }

  /** Plants the link or pipe unless it is already there (porch may have made the folders around it). */
  private static void plant(HostileRepo repo, Plant plant) {
    Path p = repo.root.resolve(plant.path());
    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.createDirectories(p.getParent());
      if (plant.target() == null) {
        Tampering.fifo(p);
      } else {
        Files.createSymbolicLink(p, repo.tmp.resolve(plant.target()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
