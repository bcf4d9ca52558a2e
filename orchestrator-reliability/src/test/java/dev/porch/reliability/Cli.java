package dev.porch.reliability;

import dev.porch.cli.CliContext;
import dev.porch.cli.Porch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine.Help.Ansi;

/**
 * Runs porch in process through {@link Porch#run}, as a user would type it, capturing stdout,
 * stderr and anything that escaped (which {@code Porch.run} must never let happen).
 */
final class Cli {
  /** What one run gave. {@code escaped} is a throwable that got out of {@code Porch.run}, or null. */
  record Result(String[] args, int code, String out, String err, Throwable escaped) {
    @Override
    public String toString() {
      return "porch " + Arrays.toString(args) + " -> exit " + code
          + (escaped == null ? "" : " ESCAPED " + escaped) + "\n--- stdout\n" + cut(out) + "--- stderr\n" + cut(err);
    }

    private static String cut(String s) {
      return s.length() <= 4000 ? s : s.substring(0, 4000) + "...(" + s.length() + " chars)\n";
    }
  }

  private Cli() {}

  static Result run(Path cwd, String... args) {
    return run(cwd, false, args);
  }

  /**
   * Runs porch; with {@code terminal} it runs as {@code Porch.main} would on a TTY (stdout and stdin
   * a terminal, colour decided by {@code --color auto}, so on).
   */
  static Result run(Path cwd, boolean terminal, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx = new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), cwd.toAbsolutePath(),
        terminal, terminal, Ansi.OFF);
    int code = -1;
    Throwable escaped = null;
    try {
      code = Porch.run(args, ctx);
    } catch (Throwable t) { // the property under test: nothing gets out of Porch.run
      escaped = t;
    }
    return new Result(args, code, out.toString(), err.toString(), escaped);
  }
}
