package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.Sanitize;
import dev.porch.cli.internal.Usage;
import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.StateLayout;
import dev.porch.core.TaskName;
import dev.porch.core.Workflow;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code porch complete | fail | block}: an agent reports from inside its worktree. porch finds the
 * task through git (the worktree it runs in), or {@code PORCH_TASK}, or {@code --task}.
 */
final class ReportCommands {
  private ReportCommands() {}

  /** Shared by the three commands. */
  abstract static class Report implements Callable<Integer> {
    final Porch root;

    @Option(names = "--task", paramLabel = "TASK", description = "The task (default: the worktree you are in, or $PORCH_TASK).")
    String task;

    Report(Porch root) {
      this.root = root;
    }

    abstract AgentState state();

    abstract Optional<String> text();

    /**
     * An agent started by hand (no run of porch's watches it) that reports a final state or BLOCKED:
     * .porch.json's notify hears of it here; inside a run the engine's event does that. A failing
     * channel is a warning, never a failed report.
     */
    void notifyOutsideARun(dev.porch.project.Project services, AgentStatus before, AgentStatus after) {
      if (after.run().isPresent() || (before != null && before.status() == after.status())) {
        return;
      }
      services.notifications().ifPresent(n -> {
        try {
          n.stateReported(new dev.porch.core.event.OrchestrationEvent.StateChanged("manual", services.clock().instant(),
              after.task(), Optional.ofNullable(before).map(AgentStatus::status), after.status(), after.error()));
        } catch (RuntimeException e) {
          root.context().err().println("porch: warning: " + Sanitize.text(String.valueOf(e.getMessage())));
        }
      });
    }

    @Override
    public Integer call() {
      var services = root.services();
      TaskName name = task != null ? Usage.task(task)
          : services.workspaces().taskAt(services.workDir())
              .or(() -> Optional.ofNullable(root.context().env().get("PORCH_TASK")).map(TaskName::of))
              .orElseThrow(() -> Usage.error(
                  "not inside a porch worktree (" + StateLayout.WORKTREES_FOLDER + "/<task>) and PORCH_TASK is not set;"
                      + " use --task TASK"));
      List<String> dirty = services.workspaces().uncommitted(name).stream()
          .filter(f -> !f.equals("RESULTS.md")).toList();
      if (!dirty.isEmpty()) {
        root.context().err().println("porch: warning: " + dirty.size() + " uncommitted file(s) in " + StateLayout.relativeWorktree(name)
            + " (" + Sanitize.text(String.join(", ", dirty.subList(0, Math.min(5, dirty.size()))))
            + "); commit them: only committed work is judged and merged (when porch launched this agent, it"
            + " commits what is left once the agent ends, unless .porch.json sets commit_leftovers to false)");
      }
      AgentStatus before = services.statusStore().read(name).orElse(null);
      AgentStatus s = Workflow.of(services.workspaces(), services.statusStore(), services.clock())
          .report(name, state(), text());
      notifyOutsideARun(services, before, s);
      if (root.verbose()) {
        root.context().err().println("porch: " + name + " is " + s.status() + " (" + s.filesChanged().size() + " files changed)");
      }
      return 0;
    }
  }

  @Command(
      name = "complete",
      mixinStandardHelpOptions = true,
      description = {
        "Mark your task COMPLETE, from inside its worktree (for agents). Fills 'completed'",
        "and 'files_changed' from git and warns about uncommitted changes."
      },
      footer = {"%nExample:", "  porch complete --summary \"Implemented 5 endpoints, 12 tests passing\""})
  static final class Complete extends Report {
    @Option(names = {"-s", "--summary"}, paramLabel = "TEXT", description = "What you did, in a sentence or two.")
    String summary;

    Complete(Porch root) {
      super(root);
    }

    @Override
    AgentState state() {
      return AgentState.COMPLETE;
    }

    @Override
    Optional<String> text() {
      return Optional.ofNullable(summary);
    }
  }

  /** fail and block: a reason instead of a summary. */
  abstract static class WithReason extends Report {
    @Option(names = {"-r", "--reason", "-s", "--summary"}, paramLabel = "TEXT", description = "Why, or what you are waiting for.")
    String reason;

    WithReason(Porch root) {
      super(root);
    }

    @Override
    Optional<String> text() {
      return Optional.ofNullable(reason);
    }
  }

  @Command(
      name = "fail",
      mixinStandardHelpOptions = true,
      description = "Mark your task FAILED, from inside its worktree (for agents), with the reason.",
      footer = {"%nExample:", "  porch fail --reason \"the API spec contradicts itself; see RESULTS.md\""})
  static final class Fail extends WithReason {
    Fail(Porch root) {
      super(root);
    }

    @Override
    AgentState state() {
      return AgentState.FAILED;
    }
  }

  @Command(
      name = "block",
      mixinStandardHelpOptions = true,
      description = "Mark your task BLOCKED, from inside its worktree (for agents): waiting for a dependency or input.",
      footer = {"%nExample:", "  porch block --reason \"need the database schema from shop-db\""})
  static final class Block extends WithReason {
    Block(Porch root) {
      super(root);
    }

    @Override
    AgentState state() {
      return AgentState.BLOCKED;
    }
  }
}
