package dev.porch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.agent.internal.report.JUnitXmlReportsTest;
import dev.porch.agent.testing.CannedWorkspaces;
import dev.porch.agent.testing.FakeAgent;
import dev.porch.agent.testing.GitRepo;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.ChangedFile;
import dev.porch.core.port.DiffStat;
import dev.porch.core.port.Evaluation;
import dev.porch.core.port.EvaluationRequest;
import dev.porch.core.port.TestCommand;
import dev.porch.core.port.TestResult;
import dev.porch.core.port.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ProcessEvaluatorTest {
  @TempDir Path dir;
  GitRepo repo;
  ProcessEvaluator evaluator;

  @BeforeEach
  void setUp() {
    repo = GitRepo.init(dir);
    evaluator = ProcessEvaluator.builder(repo.root(), new CannedWorkspaces(repo.root(), new DiffStat(2, 1500, 500),
        List.of(ChangedFile.of(ChangedFile.Type.ADDED, "src/a.py"), ChangedFile.of(ChangedFile.Type.MODIFIED, "README.md"))))
        .gracePeriod(Duration.ofSeconds(1)).build();
  }

  private static TestCommand fake(String... args) {
    return new TestCommand(FakeAgent.command(args), false);
  }

  private Evaluation evaluate(Workspace ws, TestCommand command, Duration timeout) {
    return evaluator.evaluate(new EvaluationRequest(ws, Optional.ofNullable(command), timeout));
  }

  @Test
  void evaluate_aWorktreeThatDiffersFromItsLastCommit_isNotTested() throws Exception {
    ProcessEvaluator judge = ProcessEvaluator.builder(repo.root(), new CannedWorkspaces(repo.root(), DiffStat.EMPTY,
        List.of()).withUncommitted(List.of("calc.sh"))).build();
    Workspace ws = repo.folder("dirty");

    Evaluation e = judge.evaluate(new EvaluationRequest(ws, Optional.of(fake("--write", "ran.txt", "x")),
        Duration.ofSeconds(60)));

    assertThat(e.passed()).isFalse();
    assertThat(e.results()).hasValueSatisfying(r -> assertThat(r).contains("not judged")
        .contains("differs from its branch's last commit").contains("calc.sh"));
    assertThat(ws.path().resolve("ran.txt")).as("the test command never ran").doesNotExist();
    assertThat(e.commitsAhead()).isEqualTo(1);
  }

  @Test
  void evaluate_passingPytestOutput() throws Exception {
    Workspace ws = repo.folder("pass");
    Files.writeString(ws.path().resolve("RESULTS.md"), "# Results\nall good\n");

    Evaluation e = evaluate(ws, fake("--print", "..... [100%]", "--print", "5 passed in 0.03s"), Duration.ofSeconds(60));

    TestResult t = e.tests().orElseThrow();
    assertThat(t.passed()).isTrue();
    assertThat(t.exitCode()).isZero();
    assertThat(t.format()).hasValue("pytest");
    assertThat(t.passedCount()).isEqualTo(5);
    assertThat(t.timedOut()).isFalse();
    assertThat(e.diff()).isEqualTo(new DiffStat(2, 1500, 500));
    assertThat(e.filesChanged()).containsExactly("src/a.py", "README.md");
    assertThat(e.results()).hasValue("# Results\nall good\n");
    assertThat(e.score()).isEqualTo(108.0);
    assertThat(Files.readString(evaluator.testLog(ws))).contains("5 passed in 0.03s");
  }

  @Test
  void evaluate_failingCommandWithCounts() {
    Workspace ws = repo.folder("fail");

    Evaluation e = evaluate(ws, fake("--print", "test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured",
        "--exit", "101"), Duration.ofSeconds(60));

    TestResult t = e.tests().orElseThrow();
    assertThat(t.passed()).isFalse();
    assertThat(t.exitCode()).isEqualTo(101);
    assertThat(t.format()).hasValue("cargo");
    assertThat(e.score()).isEqualTo(50.0 * 3 / 4 - 2.0);
    assertThat(e.results()).isEmpty();
  }

  @Test
  void evaluate_zeroExitButAReportedFailureFails() {
    Evaluation e = evaluate(repo.folder("liar"), fake("--print", "1..2", "--print", "ok 1", "--print", "not ok 2"),
        Duration.ofSeconds(60));

    assertThat(e.passed()).isFalse();
    assertThat(e.tests().orElseThrow().format()).hasValue("tap");
  }

  @Test
  void evaluate_junitReportsWrittenDuringTheRunWinOverOutput() {
    Workspace ws = repo.folder("maven");
    Evaluation e = evaluate(ws, fake("--write", "target/surefire-reports/TEST-com.acme.ApiTest.xml",
        JUnitXmlReportsTest.GRADLE, "--print", "9 passed in 1.00s"), Duration.ofSeconds(60));

    TestResult t = e.tests().orElseThrow();
    assertThat(t.format()).hasValue("junit-xml");
    assertThat(t.passedCount()).isEqualTo(3);
    assertThat(t.total()).isEqualTo(3);
  }

  @Test
  void evaluate_timeoutStopsTheCommandAndItsChildren() throws Exception {
    Workspace ws = repo.folder("hang");
    Path pids = dir.resolve("pids");

    Evaluation e = evaluate(ws, fake("--spawn-tree", pids.toString(), "60000", "--ignore-term", "--sleep", "60000"),
        Duration.ofSeconds(3));

    TestResult t = e.tests().orElseThrow();
    assertThat(t.timedOut()).isTrue();
    assertThat(t.passed()).isFalse();
    assertThat(t.exitCode()).isEqualTo(-1);
    for (String pid : Files.readAllLines(pids)) {
      var ph = ProcessHandle.of(Long.parseLong(pid.trim()));
      if (ph.isPresent()) {
        ph.get().onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void evaluate_missingProgramIsAFailedResult() {
    Evaluation e = evaluate(repo.folder("nothing"), TestCommand.of("porch-no-such-test-runner"), Duration.ofSeconds(60));

    assertThat(e.passed()).isFalse();
    assertThat(e.tests().orElseThrow().exitCode()).isEqualTo(-1);
    assertThat(e.score()).isEqualTo(-2.0);
  }

  @Test
  @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the test line is POSIX sh; Windows runs it in cmd")
  void evaluate_userWrittenLineRunsInTheShell() {
    Evaluation e = evaluate(repo.folder("shell"),
        TestCommand.shellLine("echo '# pass 2'; echo '# fail 0' && test \"$PORCH_TASK\" = shell"), Duration.ofSeconds(60));

    TestResult t = e.tests().orElseThrow();
    assertThat(t.passed()).isTrue();
    assertThat(t.format()).hasValue("node");
    assertThat(t.command()).containsExactly("sh", "-c", "echo '# pass 2'; echo '# fail 0' && test \"$PORCH_TASK\" = shell");
  }

  @Test
  void evaluate_withoutTestCommandMeasuresTheDiffOnly() {
    Evaluation e = evaluate(repo.folder("plain"), null, Duration.ofSeconds(1));

    assertThat(e.tested()).isFalse();
    assertThat(e.score()).isEqualTo(98.0);
  }

  @Test
  void evaluate_missingWorktree() {
    Workspace ws = repo.folder("gone");
    ws.path().toFile().delete();

    assertThatThrownBy(() -> evaluate(ws, null, Duration.ofSeconds(1)))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("does not exist");
  }

  @Test
  void gracePeriod_twice() {
    ProcessEvaluator.Builder b = ProcessEvaluator.builder(dir, new CannedWorkspaces(dir, DiffStat.EMPTY, List.of()))
        .gracePeriod(Duration.ZERO);
    assertThatThrownBy(() -> b.gracePeriod(Duration.ZERO)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void gracePeriod_negative() {
    ProcessEvaluator.Builder b = ProcessEvaluator.builder(dir, new CannedWorkspaces(dir, DiffStat.EMPTY, List.of()));
    assertThatThrownBy(() -> b.gracePeriod(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.gracePeriod(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void testSite_outputJudgedAsALocalRunsIs_andItsFailureIsNotJudged() throws Exception {
    Workspace ws = repo.folder("remote");
    ProcessEvaluator.Builder b = ProcessEvaluator.builder(repo.root(), new CannedWorkspaces(repo.root(), DiffStat.EMPTY,
        List.of()));
    ProcessEvaluator judge = b.testSite((w, command, timeout, log) -> {
      log.write("ok 1 - a\nnot ok 2 - b\n1..2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return new dev.porch.core.port.TestResult(true, 0, Duration.ofSeconds(3), -1, -1, -1, Optional.empty(),
          command.arguments(), false);
    }).build();
    Evaluation e = judge.evaluate(new EvaluationRequest(ws, Optional.of(TestCommand.of("prove")), Duration.ofSeconds(9)));
    assertThat(e.tests().orElseThrow()).satisfies(t -> {
      assertThat(t.passed()).as("exit 0, but the output counts a failure").isFalse();
      assertThat(List.of(t.passedCount(), t.failedCount())).containsExactly(1, 1);
      assertThat(t.format()).hasValue("tap");
      assertThat(t.duration()).isEqualTo(Duration.ofSeconds(3));
    });
    assertThat(java.nio.file.Files.readString(judge.testLog(ws))).startsWith("=== porch: test command for remote, ")
        .endsWith("1..2\n");

    ProcessEvaluator refused = ProcessEvaluator.builder(repo.root(), new CannedWorkspaces(repo.root(), DiffStat.EMPTY,
        List.of())).testSite((w, command, timeout, log) -> {
          throw new dev.porch.core.error.PorchException("pod p cannot be scheduled", List.of(), null);
        }).build();
    Evaluation n = refused.evaluate(new EvaluationRequest(ws, Optional.of(TestCommand.of("prove")), Duration.ofSeconds(9)));
    assertThat(n.passed()).isFalse();
    assertThat(n.results()).hasValue("not judged: pod p cannot be scheduled");
  }

  @Test
  void testSite_twice() {
    ProcessEvaluator.Builder b = ProcessEvaluator.builder(dir, new CannedWorkspaces(dir, DiffStat.EMPTY, List.of()))
        .testSite((w, c, t, l) -> null);
    assertThatThrownBy(() -> b.testSite((w, c, t, l) -> null)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void testSite_null() {
    ProcessEvaluator.Builder b = ProcessEvaluator.builder(dir, new CannedWorkspaces(dir, DiffStat.EMPTY, List.of()));
    assertThatThrownBy(() -> b.testSite(null)).isInstanceOf(NullPointerException.class);
  }
}
