package dev.porch.cli.internal;

import dev.porch.core.AgentState;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Help.Ansi;

/** Colours, used only as decoration and only when the colour decision says so. */
public final class Style {
  private final Ansi ansi;

  public Style(Ansi ansi) {
    this.ansi = ansi;
  }

  /** Whether colour is on. */
  public boolean enabled() {
    return ansi.enabled();
  }

  /** Wraps text in a picocli style markup, e.g. {@code fg(green)}, {@code bold}. */
  public String apply(String spec, String text) {
    return ansi.enabled() ? ansi.string("@|" + spec + " " + escape(text) + "|@") : text;
  }

  /** A styler for table cells. */
  public UnaryOperator<String> of(String spec) {
    return t -> apply(spec, t);
  }

  /** The seed's colours: COMPLETE green, RUNNING yellow, FAILED red, BLOCKED magenta, PENDING plain. */
  public UnaryOperator<String> state(AgentState s) {
    switch (s) {
      case COMPLETE:
        return of("fg(green)");
      case RUNNING:
        return of("fg(yellow)");
      case FAILED:
        return of("fg(red)");
      case BLOCKED:
        return of("fg(magenta)");
      default:
        return UnaryOperator.identity();
    }
  }

  /** Bold, for headers. */
  public UnaryOperator<String> header() {
    return of("bold");
  }

  private static String escape(String t) {
    // picocli markup ends at "|@"; make sure text cannot close it early.
    return t.replace("|@", "| @");
  }
}
