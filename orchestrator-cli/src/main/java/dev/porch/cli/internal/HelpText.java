package dev.porch.cli.internal;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Help texts are written in source as lines of about 90 characters; picocli wraps each array
 * element on its own at the terminal's width (80 when it cannot tell), which left one or two words
 * on a line of their own. This joins the lines of each paragraph into one element so picocli wraps
 * whole paragraphs. Blank lines, lines starting with {@code %n} and indented lines (examples) start
 * a new element and stay as written. It also gives every command the root's headings.
 */
public final class HelpText {
  private HelpText() {}

  /** Reflows the description and footer of {@code cl} and every subcommand. */
  public static void reflow(CommandLine cl) {
    UsageMessageSpec u = cl.getCommandSpec().usageMessage();
    u.description(paragraphs(u.description()));
    u.footer(paragraphs(u.footer()));
    // every command's help reads like the root's: a blank line after the synopsis, headed lists
    if (u.descriptionHeading().isEmpty()) {
      u.descriptionHeading("%n");
    }
    if (u.parameterListHeading().isEmpty()) {
      u.parameterListHeading("%nArguments:%n");
    }
    if (u.optionListHeading().isEmpty()) {
      u.optionListHeading("%nOptions:%n");
    }
    cl.getSubcommands().values().forEach(HelpText::reflow);
  }

  static String[] paragraphs(String[] lines) {
    List<String> out = new ArrayList<>();
    StringBuilder p = null;
    for (String line : lines) {
      boolean literal = line.isBlank() || line.startsWith(" ");
      if (p != null && !literal && !line.startsWith("%n")) {
        p.append(' ').append(line.strip());
        continue;
      }
      if (p != null) {
        out.add(p.toString());
      }
      if (literal) {
        out.add(line);
        p = null;
      } else {
        p = new StringBuilder(line);
      }
    }
    if (p != null) {
      out.add(p.toString());
    }
    return out.toArray(String[]::new);
  }
}
