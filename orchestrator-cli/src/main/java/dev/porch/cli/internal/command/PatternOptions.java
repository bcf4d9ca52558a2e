package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.CommandIo;
import dev.porch.cli.internal.PatternRunner;
import dev.porch.cli.internal.Usage;
import dev.porch.core.RunOptions;
import dev.porch.core.RunRequest;
import dev.porch.core.TaskName;
import dev.porch.core.pattern.OrchestrationPattern;
import dev.porch.core.port.TestCommand;
import dev.porch.project.PorchConfig;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every pattern command shares (a mixin), and the one way they become a run request. */
final class PatternOptions {
  @Option(names = {"-p", "--prompt"}, paramLabel = "TEXT", description = "The task for the agents, as text.")
  String prompt;

  @Option(names = {"-f", "--prompt-file"}, paramLabel = "FILE", description = "The task for the agents, from a file (Markdown).")
  Path promptFile;

  @Option(names = "--agent", paramLabel = "PROFILE", description = "Agent profile: claude, codex, gemini, qwen-code, opencode, amp, cursor-agent, aider, or one from .porch.json (default: .porch.json's agent, else claude).")
  String agent;

  @Option(names = {"-t", "--test"}, paramLabel = "COMMAND", description = "Test command that judges each workspace, e.g. \"mvn -q test\" (run by the platform shell; default: .porch.json's test).")
  String test;

  @Option(names = {"-b", "--base"}, paramLabel = "BRANCH", description = "Branch to start from and merge into (default: the current branch).")
  String base;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "Time limit per agent, e.g. 30m (default: .porch.json's, else none).")
  String timeout;

  @Option(names = {"-j", "--concurrency"}, paramLabel = "N", description = "Agents running at once (default: .porch.json's, else the number of cores).")
  Integer concurrency;

  @Option(names = "--review", description = "Do not merge; stop after the decision so you can look first (porch compare, then porch pick TASK).")
  boolean review;

  @Option(names = "--keep", description = "Keep the worktrees of discarded agents (default: remove the clean ones).")
  boolean keep;

  @Option(names = "--json", description = "Print the final report as JSON (schema porch.run/v1); no live display.")
  boolean json;

  @picocli.CommandLine.Mixin Options.Sandbox sandbox;

  /** The prompt from --prompt or --prompt-file; required unless {@code optional}. */
  Optional<String> prompt(Porch root, boolean optional) {
    if (prompt != null && promptFile != null) {
      throw Usage.error("give either --prompt or --prompt-file, not both");
    }
    if (promptFile != null) {
      return Optional.of(read(root.services().workDir(), promptFile, "--prompt-file"));
    }
    if (prompt == null && !optional) {
      throw Usage.error("say what the agents should do: --prompt TEXT or --prompt-file FILE");
    }
    return Optional.ofNullable(prompt).filter(p -> !p.isBlank());
  }

  /** Reads a prompt file named on the command line, relative to where porch runs (after -C). */
  static String read(Path base, Path file, String option) {
    try {
      String text = CommandIo.read(base.resolve(file));
      if (text.isBlank()) {
        throw Usage.error(option + " " + file + " is empty");
      }
      return text;
    } catch (NoSuchFileException e) {
      throw Usage.error(option + ": no such file: " + file);
    } catch (IOException e) {
      throw Usage.error(option + ": cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The test command: --test, else .porch.json's. */
  Optional<TestCommand> testCommand(PorchConfig config) {
    return Optional.ofNullable(test).filter(t -> !t.isBlank()).map(TestCommand::shellLine).or(config::test);
  }

  /** Builds the run request every pattern command makes: the project's, with this command's options. */
  RunRequest request(Porch root, TaskName feature, String instructions) {
    sandbox.apply(root.services());
    return dev.porch.cli.internal.RunRequests.pattern(root.services(), feature, instructions, agent, test, base,
        Optional.ofNullable(timeout).map(t -> Usage.duration(t, "--timeout")), concurrency, review, keep);
  }

  /** Runs the pattern and prints its report. */
  int run(Porch root, OrchestrationPattern pattern, RunRequest request) {
    return PatternRunner.run(root.services(), pattern, request, json, root.quiet(), root.context().terminal(),
        root.style(), root.context().out(), root.context().err());
  }

  /**
   * Reads repeated {@code NAME=FILE} options into name -> prompt, in order, each prompt prefixed
   * with the shared one; names follow the task-name rules and may not repeat.
   */
  static java.util.Map<String, String> namedPrompts(Porch root, List<String> specs, String option, String shared) {
    java.util.Map<String, String> prompts = new java.util.LinkedHashMap<>();
    for (String spec : specs) {
      int eq = spec.indexOf('=');
      if (eq <= 0 || eq == spec.length() - 1) {
        throw Usage.error(option + " takes NAME=FILE, got '" + spec + "'");
      }
      String name = Usage.task(spec.substring(0, eq)).value();
      String prompt = read(root.services().workDir(), Path.of(spec.substring(eq + 1)), option + " " + name);
      if (prompts.put(name, shared.isEmpty() ? prompt : shared + "\n\n" + prompt) != null) {
        throw Usage.error(option + " '" + name + "' is given twice");
      }
    }
    return prompts;
  }
}
