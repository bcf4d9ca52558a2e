package dev.porch.cli;

import dev.porch.cli.internal.command.CommandList;
import picocli.CommandLine;

/** The list of porch's commands, in the order {@code porch --help} shows them. */
final class Commands {
  private Commands() {}

  static void register(CommandLine cl) {
    for (Class<?> c : CommandList.ALL) {
      cl.addSubcommand(c);
    }
    cl.addSubcommand(new CommandLine.HelpCommand());
  }
}
