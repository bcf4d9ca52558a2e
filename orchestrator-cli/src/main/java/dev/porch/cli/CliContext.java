package dev.porch.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Help.Ansi;

/**
 * What every command is given instead of reaching for globals: its writers, environment, working
 * directory, whether it talks to a terminal, and the colour decision. Immutable; built once per
 * {@link Porch#run} call (the colour decision is made after parsing, see {@link #withAnsi}).
 *
 * @param out results (tables, JSON)
 * @param err progress, warnings, errors
 * @param env the environment (a copy; never {@code System.getenv()} read elsewhere)
 * @param cwd the directory porch runs in (before {@code -C})
 * @param terminal whether stdout and stderr are an interactive terminal
 * @param stdinTerminal whether stdin is an interactive terminal (for prompts)
 * @param ansi whether to use colour
 * @param stdin the process's standard input as bytes ({@code porch mcp}'s protocol), or null when porch
 *     does not run as its own process (tests, embedding)
 * @param stdout the process's standard output as bytes, or null likewise
 */
public record CliContext(
    PrintWriter out,
    PrintWriter err,
    Map<String, String> env,
    Path cwd,
    boolean terminal,
    boolean stdinTerminal,
    Ansi ansi,
    java.io.InputStream stdin,
    java.io.OutputStream stdout) {
  public CliContext {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    env = Map.copyOf(env);
    Objects.requireNonNull(cwd, "cwd");
    Objects.requireNonNull(ansi, "ansi");
  }

  /** A context without the process's byte streams (tests, embedding). */
  public CliContext(PrintWriter out, PrintWriter err, Map<String, String> env, Path cwd, boolean terminal,
      boolean stdinTerminal, Ansi ansi) {
    this(out, err, env, cwd, terminal, stdinTerminal, ansi, null, null);
  }

  /** The same context with the colour decision made. */
  public CliContext withAnsi(Ansi decided) {
    return new CliContext(out, err, env, cwd, terminal, stdinTerminal, decided, stdin, stdout);
  }

  /**
   * Decides colour once: {@code --color} wins, then {@code NO_COLOR}, then {@code
   * CLICOLOR_FORCE}, then {@code TERM=dumb}, then whether we talk to a terminal.
   *
   * @param option the {@code --color} value: auto, always or never
   * @return the decision
   */
  public Ansi decideAnsi(ColorMode option) {
    if (option == ColorMode.ALWAYS) {
      return Ansi.ON;
    }
    if (option == ColorMode.NEVER) {
      return Ansi.OFF;
    }
    if (env.containsKey("NO_COLOR") && !env.get("NO_COLOR").isEmpty()) {
      return Ansi.OFF;
    }
    String force = env.get("CLICOLOR_FORCE");
    if (force != null && !force.isEmpty() && !force.equals("0")) {
      return Ansi.ON;
    }
    if ("dumb".equals(env.get("TERM"))) {
      return Ansi.OFF;
    }
    return terminal ? Ansi.ON : Ansi.OFF;
  }

  /**
   * How wide tables may be: {@code COLUMNS} when it is a number from 40 to 1000 (shells set it for
   * terminals), otherwise 80, so a table read in a pipe or a log is as wide as on a plain terminal.
   *
   * @return the width in characters
   */
  public int columns() {
    try {
      int c = Integer.parseInt(env.getOrDefault("COLUMNS", "").strip());
      return c >= 40 && c <= 1000 ? c : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  /** The values of {@code --color}. */
  public enum ColorMode {
    AUTO,
    ALWAYS,
    NEVER
  }
}
