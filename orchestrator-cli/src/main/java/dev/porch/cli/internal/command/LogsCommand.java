package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.AgentLogs;
import dev.porch.cli.internal.LogsRunner;
import dev.porch.cli.internal.Usage;
import dev.porch.cli.internal.UsageException;
import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.error.StatusFileException;
import dev.porch.core.port.StatusStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code porch logs}: what an agent said and did, optionally live. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = {
      "Print an agent's readable transcript (.agent-status/logs/<task>.transcript.log: its steps,",
      "tool calls and messages), or its raw output (.agent-status/logs/<task>.log) when there is",
      "no transcript or with --raw. With --follow, keep printing what the agent adds, like",
      "tail -f, and stop by yourself once the task is COMPLETE or FAILED and the log is read to",
      "the end (a PENDING task is waited for; Ctrl-C stops earlier). Control characters and",
      "escape sequences in the agent's output are shown as visible escapes, never replayed to",
      "the terminal."
    },
    footer = {
      "%nExamples:",
      "  porch logs auth-1",
      "  porch logs auth-1 -f            # follow it while it runs",
      "  porch logs auth-1 --raw -n 50   # the last 50 lines of the raw output",
      "%nAn unknown task is a usage error (exit 2) naming the known tasks; a task with no log yet",
      "fails (exit 1) unless --follow waits for it."
    })
final class LogsCommand implements Callable<Integer> {
  private final Porch root;

  @Parameters(paramLabel = "TASK", description = "The task, e.g. auth-1 (see 'porch status').")
  String task;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until the task is final.")
  boolean follow;

  @Option(names = "--raw", description = "The agent's raw output instead of the transcript.")
  boolean raw;

  @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "Start with the last N lines only.")
  Integer lines;

  LogsCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() throws Exception {
    TaskName name = Usage.task(task);
    if (lines != null && lines < 0) {
      throw new UsageException("-n must be 0 or more, got " + lines, List.of("e.g. porch logs " + name + " -n 50"));
    }
    var services = root.services();
    StatusStore store = services.statusStore();
    AgentLogs logs = new AgentLogs(services.root());
    if (!known(store, name) && !logs.any(name)) {
      List<String> names = store.list().statuses().stream().map(AgentStatus::task).map(TaskName::value).sorted().toList();
      throw new UsageException("there is no task '" + name + "' in " + services.root(), List.of(names.isEmpty()
          ? "there are no tasks yet; start some with 'porch spawn <feature>' or 'porch compete ...'"
          : "known tasks: " + String.join(", ", names.size() > 20 ? names.subList(0, 20) : names)
              + (names.size() > 20 ? ", ... (see 'porch status')" : "")));
    }
    LogsRunner.run(new LogsRunner.Request(name, raw, lines == null ? -1 : lines, follow), store, logs,
        root.context().out(), root.context().err());
    return 0;
  }

  private static boolean known(StatusStore store, TaskName name) {
    try {
      return store.read(name).isPresent();
    } catch (StatusFileException e) {
      return true; // its status is unreadable, but the task exists
    }
  }
}
