package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.Usage;
import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.error.PorchException;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code porch cancel}: stop a task's running agent. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = {
      "Stop the running agent of a task: politely first, then forcibly, with every process it",
      "started. The agent is found by the process id and start time its status file recorded,",
      "so this works from any terminal, whichever porch started it; that porch records the",
      "end (FAILED, cancelled). Keeps the worktree and its commits: see porch tell to go on."
    },
    footer = {
      "%nExamples:",
      "  porch cancel auth-2",
      "  porch -C ~/src/app cancel slug-3 --verbose"
    })
final class CancelCommand implements Callable<Integer> {
  private final Porch root;

  @Parameters(paramLabel = "TASK", description = "The task whose agent to stop (see porch status).")
  String task;

  CancelCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() throws Exception {
    TaskName name = Usage.task(task);
    var services = root.services();
    AgentStatus s = services.statusStore().read(name)
        .orElseThrow(() -> Usage.error("there is no task " + name + " (no status file); see porch status"));
    if (s.status() != AgentState.RUNNING || s.pid().isEmpty() || s.pidStarted().isEmpty()) {
      throw new PorchException("task " + name + " has no running agent (it is " + s.status() + ")",
          List.of("porch status shows what is running"), null);
    }
    AgentHandle h = services.launcher(services.profiles())
        .reattach(name, s.pid().getAsLong(), s.pidStarted().get())
        .orElseThrow(() -> new PorchException("the agent of task " + name + " (pid " + s.pid().getAsLong()
            + ") is no longer running", List.of("porch recover records agents that ended without a word"), null));
    h.cancel("cancelled by the user");
    AgentOutcome o = h.outcome().get(60, TimeUnit.SECONDS);
    if (root.verbose()) {
      root.context().err().println("porch: stopped the agent of " + name + " (" + o.kind() + ")");
    }
    return 0;
  }
}
