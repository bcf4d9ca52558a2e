package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PorchTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  Result porch(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Porch.run(args, new PrintWriter(out), new PrintWriter(err), Map.of(), dir);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void help_listsExitCodes() {
    Result r = porch("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage: porch").contains("Exit codes: 0 success, 1 the operation failed, 2 usage error");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void version_printsPorchAndJava() {
    Result r = porch("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("porch ").contains("Java ");
    assertThat(r.out()).doesNotContain("${");
  }

  @Test
  void unknownOption_exitsTwoWithSynopsisAndHint() {
    Result r = porch("--frobnicate");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("porch: error: Unknown option: '--frobnicate'").contains("usage: porch").contains("See 'porch --help'.");
  }

  @Test
  void verboseAndQuiet_areRefusedTogether() {
    Result r = porch("--verbose", "--quiet");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--verbose and --quiet cannot be used together");
  }

  @Test
  void atFile_isNotExpanded() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("args"), "--version\n");
    Result r = porch("@" + dir.resolve("args"));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).doesNotContain("porch ");
    assertThat(r.err()).contains("@" + dir.resolve("args"));
  }

  @Test
  void color_badValue() {
    Result r = porch("--color", "sometimes");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("'sometimes' is not one of auto, always, never");
  }

  @Test
  void decideAnsi_followsTheDocumentedOrder() {
    CliContext tty = new CliContext(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
        Map.of(), dir, true, true, picocli.CommandLine.Help.Ansi.OFF);
    assertThat(tty.decideAnsi(CliContext.ColorMode.AUTO)).isEqualTo(picocli.CommandLine.Help.Ansi.ON);
    CliContext noColor = new CliContext(tty.out(), tty.err(), Map.of("NO_COLOR", "1"), dir, true, true, tty.ansi());
    assertThat(noColor.decideAnsi(CliContext.ColorMode.AUTO)).isEqualTo(picocli.CommandLine.Help.Ansi.OFF);
    assertThat(noColor.decideAnsi(CliContext.ColorMode.ALWAYS)).isEqualTo(picocli.CommandLine.Help.Ansi.ON);
    CliContext dumb = new CliContext(tty.out(), tty.err(), Map.of("TERM", "dumb"), dir, true, true, tty.ansi());
    assertThat(dumb.decideAnsi(CliContext.ColorMode.AUTO)).isEqualTo(picocli.CommandLine.Help.Ansi.OFF);
    CliContext pipe = new CliContext(tty.out(), tty.err(), Map.of("CLICOLOR_FORCE", "1"), dir, false, false, tty.ansi());
    assertThat(pipe.decideAnsi(CliContext.ColorMode.AUTO)).isEqualTo(picocli.CommandLine.Help.Ansi.ON);
    assertThat(pipe.decideAnsi(CliContext.ColorMode.NEVER)).isEqualTo(picocli.CommandLine.Help.Ansi.OFF);
  }
}
