package dev.porch.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile status files ({@link Tampering#all()}) in a real repository with real porch worktrees:
 * every command that reads them runs, and nothing outside {@code .worktrees/} and {@code
 * .agent-status/} changes, no branch but porch's moves, nothing escapes, and a refused file is named.
 *
 * <p>By default every case is planted at once in one repository (one task each), which keeps the
 * suite fast; {@code -Dporch.reliability.thorough=true} also runs each case alone in its own
 * repository, so that no case can hide behind another's failure.
 */
class TamperedStatusFilesTest {
  /** The commands of the brief, in an order where the destructive ones come last. */
  static final List<List<String>> COMMANDS = List.of(
      List.of("status"),
      List.of("status", "--json"),
      List.of("sync", "--merge", "--dry-run"),
      List.of("sync", "--merge"),
      List.of("recover"),
      List.of("cleanup", "feat", "--delete-branches"),
      List.of("cleanup", "feat", "--delete-branches", "--force"));

  @TempDir Path tmp;

  @Test
  void allCasesAtOnce_touchNothingOutsideAndAreNamed() {
    List<Tampering.Case> cases = Tampering.all();
    long onWorktrees = cases.stream().filter(Tampering.Case::onWorktree).count();
    HostileRepo repo = HostileRepo.withWorktrees(tmp, (int) onWorktrees + 1);
    Map<Tampering.Case, String> tasks = new LinkedHashMap<>();
    int worktree = 2;
    int other = 1;
    for (Tampering.Case c : cases) {
      tasks.put(c, c.onWorktree() ? "feat-" + worktree++ : "feat-x" + other++);
    }
    runEveryCommand(repo, tasks);
  }

  static Stream<Tampering.Case> cases() {
    return Tampering.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @EnabledIfSystemProperty(named = "porch.reliability.thorough", matches = "true")
  void eachCaseAlone_touchesNothingOutsideAndIsNamed(Tampering.Case c) {
    HostileRepo repo = HostileRepo.withWorktrees(tmp, 2);
    runEveryCommand(repo, Map.of(c, c.onWorktree() ? "feat-2" : "feat-x1"));
  }

  /** Plants every case (again before each command), runs each command and checks the invariants. */
  static void runEveryCommand(HostileRepo repo, Map<Tampering.Case, String> tasks) {
    StringBuilder report = new StringBuilder("REPORT tampered status files: " + tasks.size() + " case(s) x "
        + COMMANDS.size() + " commands; exit codes:");
    for (List<String> command : COMMANDS) {
      String line = String.join(" ", command);
      Map<Tampering.Case, String> named = new LinkedHashMap<>();
      tasks.forEach((c, task) -> named.put(c, c.plant().plant(repo, task)));
      HostileRepo.Guarded before = repo.guard();
      Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(60),
          () -> Cli.run(repo.root, command.toArray(String[]::new)), () -> "porch " + line + " hangs");
      Invariants.check(r, before);
      report.append(" [").append(line).append("]=").append(r.code());
      named.forEach((c, text) -> {
        if (c.namedBy().contains(line)) {
          assertThat(r.out() + r.err()).as("%s must name %s (%s)\n%s", line, text, c, r).containsIgnoringCase(text);
        }
      });
    }
    if (tasks.size() > 1) {
      System.err.println(report);
    }
  }
}
