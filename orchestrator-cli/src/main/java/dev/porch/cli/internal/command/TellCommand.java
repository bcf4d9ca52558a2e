package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.PatternRunner;
import dev.porch.cli.internal.Usage;
import dev.porch.core.AgentStatus;
import dev.porch.core.RunOptions;
import dev.porch.core.RunRequest;
import dev.porch.core.TaskName;
import dev.porch.core.TaskSpec;
import dev.porch.core.Workflow;
import dev.porch.core.pattern.Patterns;
import dev.porch.core.port.TestCommand;
import dev.porch.project.PorchConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code porch tell}: a follow-up message to a task whose agent has ended. */
@Command(
    name = "tell",
    mixinStandardHelpOptions = true,
    description = {
      "Send a follow-up to a task whose agent has ended (COMPLETE, FAILED or BLOCKED): a",
      "new attempt in the same worktree and branch, keeping the earlier commits. When the",
      "task's status recorded the agent's session and its profile can resume one, the",
      "session is resumed with your message; otherwise the agent starts anew, told that",
      "it continues earlier work and how that attempt ended. The result is judged like a",
      "launch (tests, score); nothing is merged. By default a supervisor runs in the",
      "background; --wait stays in the foreground with a live display."
    },
    footer = {
      "%nExamples:",
      "  porch tell auth-1 \"Also validate the e-mail field\"",
      "  porch tell auth-2 --prompt-file review-notes.md --wait --timeout 20m",
      "  porch tell auth-1 \"Use PostgreSQL\" --agent codex --wait --json"
    })
final class TellCommand implements Callable<Integer> {
  private final Porch root;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TASK", description = "The task (see porch status).")
  String task;

  @Parameters(index = "1", arity = "0..1", paramLabel = "MESSAGE", description = "What to tell the agent.")
  String message;

  @Option(names = {"-f", "--prompt-file"}, paramLabel = "FILE", description = "The message, from a file (instead of MESSAGE).")
  Path promptFile;

  @Option(names = {"-w", "--wait"}, description = "Stay in the foreground until the agent has finished.")
  boolean wait;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "Time limit for the agent, e.g. 30m (default: .porch.json's, else none).")
  String timeout;

  @Option(names = "--agent", paramLabel = "PROFILE", description = "Agent profile (default: the one the task ran with). Another CLI cannot resume its session: it starts anew.")
  String agent;

  @Option(names = {"-t", "--test"}, paramLabel = "COMMAND", description = "Test command that judges the result (default: .porch.json's test).")
  String test;

  @Option(names = "--json", description = "With --wait: print the final report as JSON (schema porch.run/v1); no live display.")
  boolean json;

  TellCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() throws Exception {
    TaskName name = Usage.task(task);
    String text = message();
    var services = root.services();
    Optional<Duration> limit = Optional.ofNullable(timeout).map(t -> Usage.duration(t, "--timeout"));
    // refuse here, not in a supervisor nobody watches; a wrong name is a usage error, a busy task is not
    if (services.statusStore().read(name).isEmpty()) {
      throw Usage.error("there is no task " + name + " (no status file); see porch status");
    }
    if (services.workspaces().find(name).isEmpty()) {
      throw Usage.error("task " + name + " has no worktree any more; a follow-up works in the task's"
          + " own worktree: start a new task instead");
    }
    AgentStatus status = Workflow.of(services.workspaceProvider(), services.statusStore(), services.clock())
        .checkFollowUp(name);
    if (!wait) {
      Supervisor.start(root, spec, "tell", "sent the follow-up to " + name);
      return 0;
    }
    PorchConfig config = services.config();
    RunOptions options = RunOptions.builder().followUp(true).concurrency(1)
        .mergePolicy(RunOptions.MergePolicy.REVIEW).cleanup(RunOptions.CleanupPolicy.KEEP)
        .progressInterval(Duration.ofSeconds(1)).build();
    Optional<Duration> taskTimeout = limit.or(config::timeout);
    if (taskTimeout.isPresent()) {
      options = options.withTaskTimeout(taskTimeout.get());
    }
    RunRequest.Builder r = RunRequest.builder().feature(name).instructions(text)
        .agent(agent != null ? agent : status.agent().orElse(config.agent())).options(options);
    Optional.ofNullable(test).filter(t -> !t.isBlank()).map(TestCommand::shellLine).or(config::test)
        .ifPresent(r::testCommand);
    return PatternRunner.run(services, Patterns.manual(List.of(TaskSpec.of(name, text))), r.build(), json,
        root.quiet(), root.context().terminal(), root.style(), root.context().out(), root.context().err());
  }

  private String message() {
    if (message != null && promptFile != null) {
      throw Usage.error("give the message either as MESSAGE or with --prompt-file, not both");
    }
    if (promptFile != null) {
      return PatternOptions.read(root.services().workDir(), promptFile, "--prompt-file");
    }
    if (message == null || message.isBlank()) {
      throw Usage.error("say what to tell the agent: porch tell TASK MESSAGE, or --prompt-file FILE");
    }
    return message;
  }
}
