package dev.porch.cli;

import dev.porch.cli.internal.command.CommandList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/** The list of porch's commands, in the order {@code porch --help} shows them. */
final class Commands {
  private Commands() {}

  /** Registers every command. */
  static void register(CommandLine cl) {
    register(cl, List.of());
  }

  /**
   * Registers the commands {@code args} name, or all of them when it names none (help, typos,
   * completion need the whole list). Building a command's model costs start-up time, and a run
   * uses one command: {@code porch status} need not build the other twenty.
   */
  static void register(CommandLine cl, List<String> args) {
    Set<String> named = new java.util.HashSet<>();
    for (Class<?> c : CommandList.ALL) {
      String name = c.getAnnotation(CommandLine.Command.class).name();
      if (args.contains(name)) {
        named.add(name);
      }
    }
    boolean all = named.isEmpty() || named.contains("completion") || args.contains("help");
    for (Class<?> c : CommandList.ALL) {
      if (all || named.contains(c.getAnnotation(CommandLine.Command.class).name())) {
        cl.addSubcommand(c);
      }
    }
    cl.addSubcommand(new CommandLine.HelpCommand());
    dev.porch.cli.internal.HelpText.reflow(cl);
  }
}
