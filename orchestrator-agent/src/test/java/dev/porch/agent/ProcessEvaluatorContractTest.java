package dev.porch.agent;

import dev.porch.agent.testing.CannedWorkspaces;
import dev.porch.agent.testing.FakeAgent;
import dev.porch.agent.testing.GitRepo;
import dev.porch.core.contract.EvaluatorContract;
import dev.porch.core.port.DiffStat;
import dev.porch.core.port.Evaluator;
import dev.porch.core.port.TestCommand;
import dev.porch.core.port.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The process adapter against the evaluator contract, with the fake agent as the test command. */
class ProcessEvaluatorContractTest extends EvaluatorContract {
  @TempDir Path dir;
  private GitRepo repo;
  private ProcessEvaluator evaluator;

  @BeforeEach
  void open() {
    repo = GitRepo.init(dir);
    evaluator = ProcessEvaluator.builder(repo.root(), new CannedWorkspaces(repo.root(), DiffStat.EMPTY, List.of()))
        .gracePeriod(Duration.ofSeconds(1)).build();
  }

  @Override
  protected Evaluator evaluator() {
    return evaluator;
  }

  @Override
  protected Workspace workspace(String task) {
    return repo.worktree(task);
  }

  @Override
  protected void deleteWorktree(Workspace ws) {
    try (Stream<Path> all = Files.walk(ws.path())) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected TestCommand command(Workspace ws, Outcome outcome) {
    List<String> cmd = switch (outcome) {
      case PASS -> FakeAgent.command("--print", "ok 1 - passes");
      case FAIL -> FakeAgent.command("--print", "not ok 1 - fails", "--exit", "1");
      case HANG -> FakeAgent.command("--sleep", "120000");
    };
    return new TestCommand(cmd, false);
  }
}
