package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code porch completion}: prints the shell completion script. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a completion script for bash and zsh (commands, options, file names).",
      "It works in zsh through bashcompinit, which the script loads itself."
    },
    footer = {
      "%nExamples:",
      "  source <(porch completion)                 # this shell (bash or zsh)",
      "  porch completion > /etc/bash_completion.d/porch",
      "  echo 'source <(porch completion)' >> ~/.zshrc"
    })
final class CompletionCommand implements Callable<Integer> {
  private final Porch root;
  @Spec CommandSpec spec;

  CompletionCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    root.context().out().print(AutoComplete.bash("porch", spec.root().commandLine()));
    root.context().out().flush();
    return 0;
  }
}
