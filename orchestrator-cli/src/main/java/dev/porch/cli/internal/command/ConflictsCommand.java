package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.JsonOut;
import dev.porch.cli.internal.Table;
import dev.porch.cli.internal.Usage;
import dev.porch.cli.internal.WorkflowView;
import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.port.ConflictMatrix;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code porch conflicts}: the pairwise conflict matrix. */
@Command(
    name = "conflicts",
    mixinStandardHelpOptions = true,
    description = {
      "Predict which pairs of branches would conflict if both were merged into the target,",
      "without touching any working tree or ref (git merge-tree). Default branches: those",
      "of every COMPLETE agent, or of every agent with --all."
    },
    footer = {
      "%nExamples:",
      "  porch conflicts",
      "  porch conflicts feature/auth-1 feature/auth-2 --target main",
      "%nExit status is 1 when some pair conflicts."
    })
final class ConflictsCommand implements Callable<Integer> {
  private final Porch root;

  @Parameters(paramLabel = "BRANCH", arity = "0..*", description = "Branches to compare (at least two when given).")
  List<String> branches = new ArrayList<>();

  @Option(names = "--target", paramLabel = "BRANCH", description = "Branch they would merge into (default: the current branch).")
  String target;

  @Option(names = "--all", description = "Compare the branches of every agent, not only COMPLETE ones.")
  boolean all;

  @Mixin Options.Json json;

  ConflictsCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    var services = root.services();
    List<String> compare = new ArrayList<>(branches);
    if (compare.isEmpty()) {
      for (AgentStatus s : services.statusStore().list().statuses()) {
        if (all || s.status() == AgentState.COMPLETE) {
          compare.add(s.branch());
        }
      }
    }
    if (compare.size() < 2) {
      if (!branches.isEmpty()) {
        throw Usage.error("give at least two branches to compare, or none to use the agents' branches");
      }
      root.context().err().println("porch: fewer than two " + (all ? "" : "COMPLETE ") + "agents; nothing to compare"
          + (all ? "" : " (try --all)"));
      return 0;
    }
    String into = target != null ? target : services.workspaces().currentBranch();
    ConflictMatrix m = services.workspaces().predictConflicts(compare, into);
    PrintWriter out = root.context().out();
    if (json.json) {
      JsonOut.print(out, WorkflowView.conflictsJson(into, m));
    } else if (!m.hasConflicts()) {
      out.println("No conflicts: all " + compare.size() + " branches merge cleanly into " + into + " in any order.");
    } else {
      Table t = new Table("BRANCH", "CONFLICTS WITH", "FILES");
      for (ConflictMatrix.Conflict c : m.conflictingPairs()) {
        t.row(c.first(), c.second(), String.join(", ", c.paths()));
      }
      t.print(out, root.style().header());
    }
    return m.hasConflicts() ? 1 : 0;
  }
}
