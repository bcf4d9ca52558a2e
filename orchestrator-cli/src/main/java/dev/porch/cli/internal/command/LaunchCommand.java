package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.Usage;
import dev.porch.core.RunOptions;
import dev.porch.core.RunRequest;
import dev.porch.core.TaskName;
import dev.porch.core.TaskSpec;
import dev.porch.core.pattern.Patterns;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code porch launch}: start agents in existing worktrees (the seed's background mode). */
@Command(
    name = "launch",
    mixinStandardHelpOptions = true,
    description = {
      "Start an agent in each given task's worktree (made by porch spawn), headless, with",
      "the seed's agent instructions. By default porch starts a supervisor in the",
      "background and returns at once; follow it with 'porch status --watch'. With --wait",
      "it stays in the foreground with a live display until every agent has finished.",
      "The agents' output goes to .agent-status/logs/<task>.log. Nothing is merged."
    },
    footer = {
      "%nExamples:",
      "  porch launch auth-1 auth-2 auth-3 --agent claude --prompt-file task.md",
      "  porch launch auth-1 --agent codex --prompt \"Add a login form\" --timeout 30m --wait"
    })
final class LaunchCommand implements Callable<Integer> {
  private final Porch root;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "TASK", arity = "1..*", description = "Tasks whose worktrees exist (see porch status).")
  List<String> tasks = new ArrayList<>();

  @Option(names = {"-w", "--wait"}, description = "Stay in the foreground until every agent has finished.")
  boolean wait;

  @Mixin PatternOptions options;

  LaunchCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() throws Exception {
    List<TaskName> names = new ArrayList<>();
    for (String t : tasks) {
      TaskName n = Usage.task(t);
      if (names.contains(n)) {
        throw Usage.error("task " + n + " is given twice");
      }
      names.add(n);
    }
    String prompt = options.prompt(root, false).orElseThrow();
    var services = root.services();
    for (TaskName n : names) {
      if (services.workspaces().find(n).isEmpty()) {
        throw Usage.error("task " + n + " has no worktree; make it first: porch spawn <feature>");
      }
    }
    if (!wait) {
      Supervisor.start(root, spec, "launch", "launched " + tasks.size() + " agent(s)");
      return 0;
    }
    List<TaskSpec> specs = new ArrayList<>();
    names.forEach(n -> specs.add(Usage.input(() -> TaskSpec.of(n, prompt))));
    RunRequest request = options.request(root, names.get(0), prompt);
    RunOptions opts = request.options().withReuseExistingWorkspaces(true).withMergePolicy(RunOptions.MergePolicy.REVIEW)
        .withCleanup(RunOptions.CleanupPolicy.KEEP);
    return options.run(root, Patterns.manual(specs), request.withOptions(opts));
  }
}
