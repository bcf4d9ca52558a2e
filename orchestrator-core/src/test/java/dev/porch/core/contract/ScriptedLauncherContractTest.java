package dev.porch.core.contract;

import dev.porch.core.Scheduler;
import dev.porch.core.TaskName;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.AgentRequest;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceSpec;
import dev.porch.core.testing.FakeWorkspaces;
import dev.porch.core.testing.InMemoryStatusStore;
import dev.porch.core.testing.ScriptedLauncher;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/** The scripted fake keeps the process launcher's contract, so engine tests on it mean something. */
class ScriptedLauncherContractTest extends AgentLauncherContract {
  private final FakeWorkspaces workspaces = new FakeWorkspaces();
  private final Scheduler scheduler = Scheduler.threads("contract-");
  private final ScriptedLauncher launcher =
      new ScriptedLauncher(workspaces, new InMemoryStatusStore(), scheduler, Clock.systemUTC());

  @AfterEach
  void close() {
    scheduler.close();
  }

  @Override
  protected AgentLauncher launcher() {
    return launcher;
  }

  @Override
  protected AgentRequest arrange(String task, Behaviour behaviour, Optional<Duration> timeout) {
    TaskName t = TaskName.of(task);
    Workspace ws = workspaces.create(List.of(WorkspaceSpec.of(t))).get(0);
    launcher.script(t, switch (behaviour) {
      case SUCCEED -> ScriptedLauncher.succeed();
      case FAIL -> ScriptedLauncher.fail(3);
      case HANG -> ScriptedLauncher.hang();
      case MISSING_PROGRAM -> ScriptedLauncher.failToStart();
    });
    return AgentRequest.builder().task(t).workspace(ws).instructions("do " + task).agent("scripted")
        .timeout(timeout).build();
  }
}
