package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.project.Background;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs a command again as a background supervisor ({@code launch}, {@code tell}): the same
 * arguments plus {@code --wait}, in a detached JVM whose output goes to a log under {@code
 * .agent-status/logs/}. Never through a shell.
 */
final class Supervisor {
  private Supervisor() {}

  /**
   * Starts the supervisor and returns at once.
   *
   * @param root the root command
   * @param spec the command being run (its original arguments are passed on)
   * @param verb the command's name, e.g. {@code tell}
   * @param what what was started, for the message, e.g. {@code launched 2 agent(s)}
   * @return the started process
   */
  static Process start(Porch root, CommandSpec spec, String verb, String what) throws Exception {
    Path repo = root.services().root();
    // -C the directory porch runs in (not the repository root), so relative paths such as
    // --prompt-file mean the same in the supervisor.
    List<String> args = new ArrayList<>(List.of("-C", root.services().workDir().toAbsolutePath().toString(),
        "--color", "never"));
    List<String> rest = spec.commandLine().getParseResult().originalArgs().stream()
        .dropWhile(a -> !a.equals(verb)).toList();
    args.add(rest.get(0));
    args.add("--wait"); // right after the verb: after a "--" it would be read as an argument
    args.addAll(rest.subList(1, rest.size()));
    Background.Started started = Background.start(repo, Background.sameJava(
        dev.porch.cli.internal.demo.DemoProject.absoluteClassPath(), Porch.class.getName(), args), verb,
        root.services().clock());
    if (!root.quiet()) {
      root.context().err().println("porch: " + what + " in the background (supervisor pid " + started.process().pid()
          + "); follow with 'porch status --watch', supervisor log " + repo.relativize(started.log()));
    }
    return started.process();
  }
}
