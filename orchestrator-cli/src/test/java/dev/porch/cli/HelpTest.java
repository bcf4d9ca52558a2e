package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command renders a help that teaches; typos get a suggestion and exit 2. */
class HelpTest {
  @TempDir Path dir;

  static Stream<String> commands() {
    CommandLine cl = Porch.newCommandLine(new CliContext(new java.io.PrintWriter(new java.io.StringWriter()),
        new java.io.PrintWriter(new java.io.StringWriter()), java.util.Map.of(), Path.of("."), false, false,
        CommandLine.Help.Ansi.OFF));
    return cl.getSubcommands().keySet().stream().filter(n -> !n.equals("help"));
  }

  @ParameterizedTest
  @MethodSource("commands")
  void help_rendersWithAnExample(String command) {
    Cli.Result r = Cli.run(dir, command, "--help");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Usage: porch " + command).contains("-h, --help");
    assertThat(r.out()).as("%s --help shows an example", command).contains("Example");
    assertThat(r.err()).isEmpty();
  }

  /** Prose is wrapped as whole paragraphs: no line stops while the next word would still fit. */
  @ParameterizedTest
  @MethodSource("commands")
  void help_proseHasNoPrematureLineBreaks(String command) {
    List<String> lines = Cli.run(dir, command, "--help").out().lines().toList();
    for (int i = 0; i + 1 < lines.size(); i++) {
      String a = lines.get(i);
      String b = lines.get(i + 1);
      if (a.isBlank() || b.isBlank() || a.startsWith(" ") || b.startsWith(" ") || a.startsWith("Usage:")
          || a.endsWith(":")) {
        continue;
      }
      String next = b.split(" ", 2)[0];
      // picocli leaves a column or two free at the edge of its 80
      assertThat(a.length() + 1 + next.length()).as("%s --help: '%s' stops before '%s'", command, a, next)
          .isGreaterThan(78);
    }
  }

  @Test
  void rootHelp_listsEveryCommand() {
    Cli.Result r = Cli.run(dir, "--help");
    assertThat(commands().toList()).contains("logs", "doctor");
    for (String c : commands().toList()) {
      assertThat(r.out()).contains(c);
    }
  }

  @Test
  void typo_suggestsTheCommandAndExitsTwo() {
    Cli.Result r = Cli.run(dir, "staus");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("porch: error: Unmatched argument at index 0: 'staus'").contains("Did you mean").contains("status");
    assertThat(r.err()).contains("See 'porch --help'.");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void unknownOptionOfACommand_pointsToItsHelp() {
    Cli.Result r = Cli.run(dir, "spawn", "auth", "--agnets", "3");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--agnets").contains("See 'porch spawn --help'.");
  }

  @Test
  void verboseAndQuietOnACommand_areRefused() {
    Cli.Result r = Cli.run(dir, "status", "--verbose", "--quiet");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--verbose and --quiet cannot be used together");
  }

  @Test
  void completionScript_isGenerated() {
    String script = picocli.AutoComplete.bash("porch", Porch.newCommandLine(new CliContext(
        new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(new java.io.StringWriter()),
        java.util.Map.of(), dir, false, false, CommandLine.Help.Ansi.OFF)));
    assertThat(script).contains("compete").contains("safety-net").contains("--delete-branches");
    assertThat(List.of(script.split("\n")).size()).isGreaterThan(50);
  }
}
