package dev.porch.core.contract;

import dev.porch.core.TaskName;
import dev.porch.core.port.Evaluator;
import dev.porch.core.port.TestCommand;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceSpec;
import dev.porch.core.testing.FakeWorkspaces;
import dev.porch.core.testing.ScriptedEvaluator;
import java.util.List;

/** The scripted fake keeps the process evaluator's contract, so engine tests on it mean something. */
class ScriptedEvaluatorContractTest extends EvaluatorContract {
  private final FakeWorkspaces workspaces = new FakeWorkspaces();
  private final ScriptedEvaluator evaluator = new ScriptedEvaluator(workspaces);

  @Override
  protected Evaluator evaluator() {
    return evaluator;
  }

  @Override
  protected Workspace workspace(String task) {
    return workspaces.create(List.of(WorkspaceSpec.of(TaskName.of(task)))).get(0);
  }

  @Override
  protected void deleteWorktree(Workspace ws) {
    workspaces.remove(ws.task(), true);
  }

  @Override
  protected TestCommand command(Workspace ws, Outcome outcome) {
    switch (outcome) {
      case PASS -> evaluator.pass(ws.task(), 1.0);
      case FAIL -> evaluator.fail(ws.task());
      case HANG -> evaluator.hang(ws.task());
      default -> throw new IllegalArgumentException(outcome.name());
    }
    return TestCommand.of("scripted-tests", outcome.name().toLowerCase(java.util.Locale.ROOT));
  }
}
