package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.JsonOut;
import dev.porch.cli.internal.Sanitize;
import dev.porch.cli.internal.Usage;
import dev.porch.cli.internal.UsageException;
import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.Orchestrator;
import dev.porch.core.RecoveryReport;
import dev.porch.core.TaskName;
import dev.porch.project.StatusWait;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code porch recover}: reconcile after a crash. */
@Command(
    name = "recover",
    mixinStandardHelpOptions = true,
    description = {
      "Reconcile status files, worktrees, branches and agent processes after porch was",
      "killed or the machine restarted: agents still running are re-attached (by pid and",
      "start time; an agent running as a Kubernetes Job by its Job's labels), RUNNING agents",
      "that are gone are marked FAILED, worktrees a killed spawn",
      "left half-made or unused are removed, and a merge porch started but never finished is",
      "aborted (the target branch is then exactly as before). What cannot be fixed safely is",
      "listed with the command that fixes it; nothing with work in it is removed.",
      "",
      "Re-attached agents go on by themselves; with --wait porch stays until each has ended",
      "and records how (COMPLETE when it reported so itself, FAILED otherwise: the exit",
      "code of a process porch did not start cannot be read; a Kubernetes Job's can, and",
      "its branch is fetched).",
      "",
      "Exit code: 0 when everything agrees afterwards (and, with --wait, every re-attached",
      "agent ended COMPLETE), 1 when something is left for you."
    },
    footer = {"%nExamples:", "  porch recover", "  porch recover --json", "  porch recover --wait --timeout 2h"})
final class RecoverCommand implements Callable<Integer> {
  private final Porch root;

  @Mixin Options.Json json;

  @Option(names = "--wait", description = "Stay until every re-attached agent has ended. Ctrl-C stops waiting; the agents go on.")
  boolean wait;

  @Option(names = "--timeout", paramLabel = "DURATION",
      description = "With --wait: stop waiting after this long, e.g. 30m or 2h (exit 1; the agents go on).")
  String timeout;

  RecoverCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() throws InterruptedException {
    Duration limit = timeout == null ? null : Usage.duration(timeout, "--timeout");
    if (limit != null && !wait) {
      throw new UsageException("--timeout is for --wait", List.of("porch recover --wait --timeout " + timeout));
    }
    var services = root.services();
    RecoveryReport r;
    Map<TaskName, Optional<AgentStatus>> waited = Map.of();
    // The orchestrator stays open while waiting: it is what notices a re-attached agent's end and
    // records it. The repository lock does not: agents report through porch themselves.
    try (Orchestrator o = services.orchestrator(List.of())) {
      try (var lock = services.lock()) {
        r = o.recover();
      }
      if (wait && !r.reattached().isEmpty()) {
        if (!json.json && !root.quiet()) {
          root.context().err().println("porch: waiting for " + r.reattached().size() + " re-attached agent(s) to end"
              + (limit == null ? "" : " (at most " + timeout + ")") + "; Ctrl-C stops waiting, the agents go on");
          root.context().err().flush();
        }
        waited = StatusWait.tasks(services.statusStore(), r.reattached(), limit, s -> s != AgentState.RUNNING, now -> { });
      }
    }
    boolean allDone = waited.values().stream().allMatch(s -> s.filter(x -> x.status() == AgentState.COMPLETE).isPresent());
    int code = r.needsAttention() || !allDone ? 1 : 0;
    PrintWriter out = root.context().out();
    if (json.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("schema", "porch.recover/v1");
      doc.put("reattached", names(r.reattached()));
      doc.put("marked_failed", names(r.markedFailed()));
      doc.put("status_without_worktree", names(r.statusWithoutWorktree()));
      doc.put("worktrees_without_status", r.worktreesWithoutStatus().stream().map(Path::toString).toList());
      doc.put("repaired", r.repaired());
      doc.put("problems", r.problems());
      doc.put("clean", r.clean());
      doc.put("needs_attention", r.needsAttention());
      if (wait) {
        List<Map<String, Object>> ends = new ArrayList<>();
        waited.forEach((t, s) -> {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("task", t.value());
          e.put("status", s.map(x -> x.status().name()).orElse(null));
          e.put("error", s.flatMap(AgentStatus::error).orElse(null));
          ends.add(e);
        });
        doc.put("waited", ends);
      }
      JsonOut.print(out, doc);
      return code;
    }
    r.repaired().forEach(m -> out.println("repaired: " + m));
    r.reattached().forEach(t -> out.println("re-attached " + t + ": its agent is still running"));
    r.markedFailed().forEach(t -> out.println("marked " + t + " FAILED: its agent is no longer running (porch launch " + t + " to retry)"));
    r.statusWithoutWorktree().forEach(t -> out.println("status file of " + t + " has no worktree: remove it with 'porch cleanup " + t + "'"));
    r.worktreesWithoutStatus().forEach(p -> out.println("worktree " + Sanitize.text(p.toString()) + " has no status file: look inside, then 'porch cleanup <task> --force' to remove it"));
    r.problems().forEach(p -> root.context().err().println("porch: warning: " + Sanitize.text(p)));
    waited.forEach((t, s) -> out.println(s.isEmpty()
        ? t + ": its status file is gone or unreadable (porch status shows why)"
        : s.get().status() == AgentState.RUNNING
            ? t + " is still running after " + timeout + " (porch recover --wait waits again)"
            : t + " ended " + s.get().status() + s.get().error().map(e -> ": " + Sanitize.text(e)).orElse("")));
    if (r.clean() && !root.quiet()) {
      root.context().err().println("porch: nothing to recover; status files, worktrees and agents agree");
    }
    return code;
  }

  private static List<String> names(List<TaskName> tasks) {
    return tasks.stream().map(TaskName::value).toList();
  }
}
