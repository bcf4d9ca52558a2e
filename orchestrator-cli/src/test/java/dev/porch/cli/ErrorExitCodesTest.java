package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.porch.cli.internal.ErrorRenderer;
import dev.porch.cli.internal.Usage;
import dev.porch.cli.internal.UsageException;
import dev.porch.core.AgentState;
import dev.porch.core.TaskName;
import dev.porch.core.error.OutOfRangeException;
import dev.porch.core.error.TaskExistsException;
import dev.porch.core.error.UnmergedBranchException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine;

/**
 * Which failures are usage errors (exit 2) and which are porch's own (exit 1), and that the hints a
 * CLI user reads name CLI commands while the library's exceptions carry data and library words.
 */
class ErrorExitCodesTest {
  @TempDir Path dir;

  @Test
  void aUsageError_isExitTwo() {
    Cli.Result r = render(new UsageException("--agents must be from 1 to 64, got 0", List.of()), false);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("porch: error: --agents must be from 1 to 64, got 0");
  }

  @Test
  void aTypedUsageError_isExitTwo_throughTheCommandLine() {
    Cli.Result r = Cli.run(dir, "spawn", "feat", "--agents", "0");
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--agents must be from 1 to 64, got 0");
  }

  @Test
  void aBadNameTheUserTyped_isAUsageError() {
    Throwable t = catchThrowable(() -> Usage.task("../evil"));
    assertThat(t).isInstanceOf(UsageException.class);
    assertThat(render((Exception) t, false).code()).isEqualTo(2);
  }

  @Test
  void anIllegalArgumentFromInsideTheCore_isABug_exitOne() {
    // a real core precondition, broken as only a bug in porch could break it
    Throwable bug = catchThrowable(() -> new dev.porch.core.port.Usage(-1, 0, 0, OptionalDouble.empty()));
    assertThat(bug).isInstanceOf(IllegalArgumentException.class);

    Cli.Result r = render((Exception) bug, false);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("porch: error: usage counts cannot be negative")
        .contains("hint: run again with --verbose").doesNotContain("usage: porch").doesNotContain("\tat ");

    Cli.Result verbose = render((Exception) bug, true);
    assertThat(verbose.code()).isEqualTo(1);
    assertThat(verbose.err()).contains("at dev.porch.core.port.Usage");
  }

  @Test
  void libraryExceptions_carryData_andTheCliWordsTheHints() {
    UnmergedBranchException unmerged = new UnmergedBranchException("feature/a-1", "main");
    assertThat(unmerged.hints()).noneMatch(h -> h.contains("porch ") || h.contains("--"));
    Cli.Result r = render(unmerged, false);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("hint: merge it first (porch sync --merge), or use --force to delete it anyway");

    TaskExistsException exists =
        new TaskExistsException(TaskName.of("auth-1"), AgentState.COMPLETE, Optional.of("auth-r1"), TaskName.of("auth"));
    assertThat(exists.hints()).noneMatch(h -> h.contains("porch "));
    assertThat(render(exists, false).err()).contains("hint: clean it up first: porch cleanup auth");

    OutOfRangeException range = new OutOfRangeException("agents", 0, 1, 64);
    assertThat(range.getMessage()).isEqualTo("agents must be from 1 to 64, got 0");
    assertThat(range.value()).isZero();
    assertThat(range.max()).isEqualTo(64);
  }

  @Test
  void outsideARepository_theCliSaysUseDashC() throws Exception {
    Path plain = java.nio.file.Files.createDirectories(dir.resolve("plain"));
    Cli.Result r = Cli.run(plain, "status");
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("porch: error: not a git repository")
        .contains("hint: run porch inside a git repository, or use -C DIR");
  }

  private Cli.Result render(Exception ex, boolean verbose) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx = new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), dir, false, false, Ansi.OFF);
    CommandLine cl = Porch.newCommandLine(ctx);
    Porch root = cl.getCommand();
    root.verbose = verbose;
    int code = new ErrorRenderer(root).onExecutionException(ex, cl, null);
    return new Cli.Result(code, out.toString(), err.toString());
  }
}
