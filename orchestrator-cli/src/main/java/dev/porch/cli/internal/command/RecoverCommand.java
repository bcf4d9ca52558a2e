package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.JsonOut;
import dev.porch.cli.internal.Sanitize;
import dev.porch.core.Orchestrator;
import dev.porch.core.RecoveryReport;
import dev.porch.core.TaskName;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code porch recover}: reconcile after a crash. */
@Command(
    name = "recover",
    mixinStandardHelpOptions = true,
    description = {
      "Reconcile status files, worktrees, branches and agent processes after porch was",
      "killed or the machine restarted: agents still running are re-attached (by pid and",
      "start time), RUNNING agents that are gone are marked FAILED, worktrees a killed spawn",
      "left half-made or unused are removed, and a merge porch started but never finished is",
      "aborted (the target branch is then exactly as before). What cannot be fixed safely is",
      "listed with the command that fixes it; nothing with work in it is removed.",
      "",
      "Exit code: 0 when everything agrees afterwards, 1 when something is left for you."
    },
    footer = {"%nExamples:", "  porch recover", "  porch recover --json"})
final class RecoverCommand implements Callable<Integer> {
  private final Porch root;

  @Mixin Options.Json json;

  RecoverCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    var services = root.services();
    RecoveryReport r;
    try (var lock = services.lock(); Orchestrator o = services.orchestrator(List.of())) {
      r = o.recover();
    }
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
      JsonOut.print(out, doc);
      return r.needsAttention() ? 1 : 0;
    }
    r.repaired().forEach(m -> out.println("repaired: " + m));
    r.reattached().forEach(t -> out.println("re-attached " + t + ": its agent is still running"));
    r.markedFailed().forEach(t -> out.println("marked " + t + " FAILED: its agent is no longer running (porch launch " + t + " to retry)"));
    r.statusWithoutWorktree().forEach(t -> out.println("status file of " + t + " has no worktree: remove it with 'porch cleanup " + t + "'"));
    r.worktreesWithoutStatus().forEach(p -> out.println("worktree " + Sanitize.text(p.toString()) + " has no status file: look inside, then 'porch cleanup <task> --force' to remove it"));
    r.problems().forEach(p -> root.context().err().println("porch: warning: " + Sanitize.text(p)));
    if (r.clean() && !root.quiet()) {
      root.context().err().println("porch: nothing to recover; status files, worktrees and agents agree");
    }
    return r.needsAttention() ? 1 : 0;
  }

  private static List<String> names(List<TaskName> tasks) {
    return tasks.stream().map(TaskName::value).toList();
  }
}
