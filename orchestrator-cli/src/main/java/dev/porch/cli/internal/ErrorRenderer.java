package dev.porch.cli.internal;

import dev.porch.cli.ExitCode;
import dev.porch.cli.Porch;
import dev.porch.core.error.PorchException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * Turns failures into porch's error format and exit codes, in one place: one line {@code porch:
 * error: <message>}, then {@code hint:} lines; a stack trace only with {@code --verbose}.
 */
public final class ErrorRenderer {
  private final Porch root;

  public ErrorRenderer(Porch root) {
    this.root = root;
  }

  /** A parse error: the message, "Did you mean", the synopsis and where to read more. Exit 2. */
  public int onParameterException(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("porch: error: " + oneLine(ex.getMessage()));
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.print("usage: " + cl.getHelp().synopsis(0));
    err.println("See '" + cl.getCommandSpec().qualifiedName() + " --help'.");
    err.flush();
    return ExitCode.USAGE.code();
  }

  /** A failure while running a command. Exit 2 for a {@link UsageException}, 1 otherwise (see {@link #exitCodeOf}). */
  public int onExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    if (ex instanceof InterruptedException && !root.verbose()) {
      err.println("porch: interrupted");
      err.flush();
      return ExitCode.INTERRUPTED.code();
    }
    err.println("porch: error: " + oneLine(ex.getMessage() == null ? ex.toString() : ex.getMessage()));
    if (ex instanceof PorchException) {
      for (String hint : CliHints.of((PorchException) ex)) {
        err.println("hint: " + oneLine(hint));
      }
    }
    if (root.verbose()) {
      StringWriter trace = new StringWriter();
      ex.printStackTrace(new PrintWriter(trace));
      err.print(trace);
    } else if (!(ex instanceof PorchException) && exitCodeOf(ex) != ExitCode.USAGE.code()) {
      err.println("hint: run again with --verbose to see where it happened");
    }
    err.flush();
    return exitCodeOf(ex);
  }

  /**
   * The exit code for an exception: 2 only for a usage error ({@link UsageException}, picocli's
   * {@link ParameterException}); 130 for an interrupt; 1 for everything else, including an {@link
   * IllegalArgumentException} from inside porch, which is a bug, not the user's mistake.
   */
  public int exitCodeOf(Throwable ex) {
    if (ex instanceof UsageException || ex instanceof ParameterException) {
      return ExitCode.USAGE.code();
    }
    if (ex instanceof InterruptedException) {
      return ExitCode.INTERRUPTED.code();
    }
    return ExitCode.FAILED.code();
  }

  /** Folds a message onto one line and strips control characters (agents' text is untrusted). */
  public static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (String line : List.of(s.strip().split("\\R"))) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(line.strip());
    }
    return Sanitize.text(b.toString());
  }
}
