package dev.porch.cli.internal.command;

import dev.porch.agent.PromptTemplate;
import dev.porch.cli.Porch;
import dev.porch.cli.internal.CommandIo;
import dev.porch.cli.internal.Usage;
import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.error.StatusFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code porch prompt}: the agent instructions for a task. */
@Command(
    name = "prompt",
    mixinStandardHelpOptions = true,
    description = {
      "Print the agent instructions for a task: the seed's Agent Instructions Template",
      "filled in with its worktree, branch, status file and what to do on completion.",
      "Shows the prompt porch gave the agent (.agent-status/prompts/<task>.md) if it was",
      "launched; otherwise renders one from --prompt or --prompt-file, for pasting into",
      "an agent you start yourself (the seed's interactive mode)."
    },
    footer = {"%nExamples:", "  porch prompt auth-1", "  porch prompt auth-1 --prompt-file task.md | claude -p -"})
final class PromptCommand implements Callable<Integer> {
  private final Porch root;

  @Parameters(paramLabel = "TASK", description = "The task.")
  String task;

  @Option(names = {"-p", "--prompt"}, paramLabel = "TEXT", description = "The instructions to render.")
  String prompt;

  @Option(names = {"-f", "--prompt-file"}, paramLabel = "FILE", description = "The instructions to render, from a file.")
  Path promptFile;

  PromptCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() throws Exception {
    TaskName name = Usage.task(task);
    var services = root.services();
    Path saved = services.root().resolve(".agent-status/prompts/" + name + ".md");
    Optional<String> savedText = prompt == null && promptFile == null ? CommandIo.readIfFile(saved) : Optional.empty();
    if (savedText.isPresent()) {
      root.context().out().print(savedText.get());
      root.context().out().flush();
      return 0;
    }
    if (prompt != null && promptFile != null) {
      throw Usage.error("give either --prompt or --prompt-file, not both");
    }
    String instructions = promptFile != null ? PatternOptions.read(root.services().workDir(), promptFile, "--prompt-file")
        : prompt != null ? prompt : "(no instructions yet: give them with --prompt or --prompt-file)";
    AgentStatus s = services.statusStore().read(name).orElseThrow(() -> new StatusFileException(
        services.root().resolve(".agent-status/" + name + ".json"), "task " + name + " has no status file",
        -1, -1, null));
    Path statusFile = services.statusStore().location(name).orElse(Path.of(".agent-status", name + ".json"));
    String text = PromptTemplate.defaultTemplate()
        .render(name, services.root().resolve(s.worktree()), s.branch(), statusFile, instructions);
    root.context().out().print(text.endsWith("\n") ? text : text + "\n");
    root.context().out().flush();
    return 0;
  }

}
