package dev.porch.agent;

import dev.porch.agent.testing.FakeAgent;
import dev.porch.agent.testing.GitRepo;
import dev.porch.core.contract.AgentLauncherContract;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.AgentRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The process adapter against the launcher contract, with the fake agent as the real program. */
class AgentProcessesContractTest extends AgentLauncherContract {
  @TempDir Path dir;
  private GitRepo repo;
  private AgentProcesses launcher;

  @BeforeEach
  void open() {
    repo = GitRepo.init(dir);
    launcher = AgentProcesses.builder(repo.root()).gracePeriod(Duration.ofSeconds(1))
        .profiles(AgentProfiles.builtIn()
            .with(AgentProfile.of("succeed", FakeAgent.command("--print", "done")))
            .with(AgentProfile.of("fail", FakeAgent.command("--print", "failing", "--exit", "3")))
            .with(AgentProfile.of("hang", FakeAgent.command("--sleep", "120000")))
            .with(AgentProfile.of("missing", List.of("porch-no-such-agent-program"))))
        .build();
  }

  @AfterEach
  void close() {
    launcher.close();
  }

  @Override
  protected AgentLauncher launcher() {
    return launcher;
  }

  @Override
  protected AgentRequest arrange(String task, Behaviour behaviour, Optional<Duration> timeout) {
    String agent = switch (behaviour) {
      case SUCCEED -> "succeed";
      case FAIL -> "fail";
      case HANG -> "hang";
      case MISSING_PROGRAM -> "missing";
    };
    return Launches.request(repo.worktree(task), "do " + task, agent).timeout(timeout).build();
  }
}
