package dev.porch.cli;

import picocli.CommandLine;

/** The list of porch's commands, in the order {@code porch --help} shows them. */
final class Commands {
  private Commands() {}

  static void register(CommandLine cl) {
    cl.addSubcommand(new CommandLine.HelpCommand());
  }
}
