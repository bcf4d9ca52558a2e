package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.Usage;
import dev.porch.cli.internal.UsageException;
import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.port.AgentRequest;
import dev.porch.core.port.Workspace;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code porch attach}: the agent's interactive mode in a task's worktree, on this terminal. */
@Command(
    name = "attach",
    mixinStandardHelpOptions = true,
    description = {
      "Open the task's agent CLI interactively in its worktree, on this terminal. When the",
      "task's status recorded the agent's session and the profile can resume one",
      "interactively, that session is resumed, so you continue the agent's conversation;",
      "otherwise a new interactive session starts. porch waits for it and exits with its",
      "exit code. Nothing is written to the status file: mark the task yourself",
      "(porch complete) or send a headless follow-up (porch tell)."
    },
    footer = {
      "%nExamples:",
      "  porch attach auth-1",
      "  porch attach auth-1 --agent codex"
    })
final class AttachCommand implements Callable<Integer> {
  private final Porch root;

  @Parameters(paramLabel = "TASK", description = "The task (see porch status).")
  String task;

  @Option(names = "--agent", paramLabel = "PROFILE", description = "Agent profile (default: the one the task ran with).")
  String agent;

  @Option(names = "--no-tty-check", description = "Run even when this is not a terminal (for scripts and tests).")
  boolean noTtyCheck;

  AttachCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() throws Exception {
    TaskName name = Usage.task(task);
    var services = root.services();
    AgentStatus s = services.statusStore().read(name).orElseThrow(() -> Usage.error(
        "there is no task " + name + " (no status file); see porch status"));
    Workspace ws = services.workspaces().find(name).orElseThrow(() -> Usage.error(
        "task " + name + " has no worktree any more; there is nothing to attach to"));
    if (s.status() == AgentState.RUNNING && s.pid().isPresent()) {
      throw new dev.porch.core.error.PorchException("task " + name + " is RUNNING: its agent is working in this worktree",
          List.of("wait for it to end (porch status --watch), then attach"), null);
    }
    if (!noTtyCheck && !root.context().stdinTerminal()) {
      throw new UsageException("porch attach needs a terminal: the agent runs interactively",
          List.of("run it from a terminal, or add --no-tty-check to run it anyway"));
    }
    AgentRequest request = AgentRequest.builder().task(name).workspace(ws).instructions("(interactive session)")
        .agent(agent != null ? agent : s.agent().orElse(services.config().agent())).attempt(s.attempt())
        .resumeSession(s.session()).statusFile(services.statusStore().location(name)).build();
    var launcher = services.launcher(services.profiles());
    // refuses a profile without an interactive command before saying anything
    boolean resumes = s.session().isPresent() && launcher.attachCommand(request).contains(s.session().get());
    if (!root.quiet()) {
      root.context().err().println("porch: attaching to " + name + " in " + ws.relativePath()
          + (resumes ? ", resuming session " + s.session().get() : ", new session") + "; porch exits when the agent does");
      root.context().err().flush();
    }
    return launcher.attach(request);
  }
}
