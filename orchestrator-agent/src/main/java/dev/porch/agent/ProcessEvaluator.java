package dev.porch.agent;

import dev.porch.agent.internal.Score;
import dev.porch.agent.internal.TestRunner;
import dev.porch.core.StateLayout;
import dev.porch.core.error.PorchException;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.ChangedFile;
import dev.porch.core.port.DiffStat;
import dev.porch.core.port.Evaluation;
import dev.porch.core.port.EvaluationRequest;
import dev.porch.core.port.Evaluator;
import dev.porch.core.port.TestResult;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link Evaluator} that runs a workspace's test command as a local process and measures its
 * change through a {@link WorkspaceProvider}.
 *
 * <p><b>Tests.</b> The command runs in the workspace folder, without a shell (a {@link
 * dev.porch.core.port.TestCommand#shell() shell} command, which only a user writes, goes explicitly to
 * {@code sh -c} or {@code cmd.exe /c}), with {@code PORCH_TASK}, {@code PORCH_WORKTREE}, {@code
 * PORCH_BRANCH} and {@code PORCH_PORT} set and standard input closed. Its output goes to {@code
 * .agent-status/logs/<task>.test.log} (replaced each run). At the request's timeout its whole
 * process tree is stopped (politely, then forcibly after the grace period) and the result is
 * {@code timedOut}. Counts come from JUnit XML reports written during the run ({@code
 * target/surefire-reports}, {@code target/failsafe-reports}, {@code build/test-results}), else
 * from the output of pytest, cargo test, go test, node --test or any TAP producer. The tests
 * pass when the command exits 0 and no parsed count says a test failed. With a {@link TestSite}
 * (e.g. a Kubernetes evaluation Job) the command runs there instead; its output goes to the same log
 * and is counted and scored the same way (no JUnit XML: the reports stay where the command ran).
 *
 * <p><b>Score.</b> {@code base - min(5, changedLines / 1000)}, where base is 100 without a test
 * command, {@code 100 + 10 * passedFraction} when the tests pass and {@code 50 * passedFraction}
 * when they fail ({@code passedFraction} = passed / (passed + failed) from the counts, or 1 / 0
 * without counts). Any passing candidate outranks any failing one; deterministic.
 *
 * <p><b>Diff and results.</b> {@link WorkspaceProvider#diffStat} and {@link
 * WorkspaceProvider#changedFiles} of the workspace's branch against its base (committed changes
 * only), and {@code RESULTS.md} through {@link WorkspaceProvider#readFile}.
 *
 * <p><b>Threads.</b> Thread-safe; each evaluation blocks its caller and uses one output thread of
 * its own, ended before it returns.
 *
 * <pre>{@code
 * Evaluator judge = ProcessEvaluator.builder(repo, GitWorkspaces.open(repo)).build();
 * Evaluation e = judge.evaluate(new EvaluationRequest(ws, Optional.of(TestCommand.of("mvn", "-q", "test")),
 *     Duration.ofMinutes(10)));
 * }</pre>
 */
public final class ProcessEvaluator implements Evaluator {
  private final StateLayout layout;
  private final WorkspaceProvider workspaces;
  private final TestRunner runner;
  private final TestSite site;

  private ProcessEvaluator(Builder b) {
    this.site = b.site;
    this.layout = StateLayout.of(b.repoRoot);
    this.workspaces = b.workspaces;
    this.runner = new TestRunner(b.grace == null ? Duration.ofSeconds(10) : b.grace, Long.MAX_VALUE);
  }

  /**
   * Starts a builder.
   *
   * @param repoRoot the repository's main worktree; test logs go to its {@code .agent-status/logs}
   * @param workspaces answers diff, changed files and RESULTS.md questions
   * @return the builder
   */
  public static Builder builder(Path repoRoot, WorkspaceProvider workspaces) {
    return new Builder(Objects.requireNonNull(repoRoot, "repoRoot").toAbsolutePath().normalize(),
        Objects.requireNonNull(workspaces, "workspaces"));
  }

  /** Where {@code ws}'s test output is logged. */
  public Path testLog(Workspace ws) {
    return layout.testLogFile(ws.task());
  }

  /**
   * Judges one workspace.
   *
   * @param request the workspace, test command and timeout
   * @return the evaluation; failing or timed-out tests are a result, not an exception
   * @throws WorkspaceException if the workspace folder is missing or the provider fails
   * @throws PorchException if the test log cannot be written
   */
  @Override
  public Evaluation evaluate(EvaluationRequest request) {
    Workspace ws = request.workspace();
    if (!Files.isDirectory(ws.path())) {
      throw new WorkspaceException("cannot judge " + ws.task() + ": its worktree " + ws.path() + " does not exist",
          List.of("list the workspaces to see which worktrees exist"));
    }
    // The committed tree is what a merge brings: a worktree that differs from it is not judged.
    List<String> differs = workspaces.uncommitted(ws.task());
    if (!differs.isEmpty() && request.testCommand().isPresent()) {
      TestResult notRun = new TestResult(false, -1, Duration.ZERO, -1, -1, -1, Optional.empty(),
          request.testCommand().get().arguments(), false);
      return new Evaluation(ws.task(), Optional.of(notRun), diff(ws), files(ws), Score.of(Optional.of(notRun),
          diff(ws)), Optional.of("not judged: its worktree differs from its branch's last commit ("
              + differs.size() + " uncommitted files: " + String.join(", ", differs.subList(0, Math.min(3,
              differs.size()))) + "); porch judges only committed work"), ahead(ws));
    }
    Optional<String> notJudged = Optional.empty();
    Optional<TestResult> tests;
    try {
      tests = request.testCommand().map(c -> run(c, ws, request.timeout()));
    } catch (NotJudged e) {
      TestResult notRun = new TestResult(false, -1, Duration.ZERO, -1, -1, -1, Optional.empty(),
          request.testCommand().get().arguments(), false);
      tests = Optional.of(notRun);
      notJudged = Optional.of("not judged: " + e.getCause().getMessage());
    }
    DiffStat diff = diff(ws);
    Optional<String> results = notJudged.isPresent() ? notJudged : workspaces.readFile(ws, "RESULTS.md");
    return new Evaluation(ws.task(), tests, diff, files(ws), Score.of(tests, diff), results, ahead(ws));
  }

  /** A {@link TestSite}'s "could not be judged", carried out of the lambda. */
  private static final class NotJudged extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotJudged(PorchException cause) {
      super(cause);
    }
  }

  private TestResult run(dev.porch.core.port.TestCommand c, Workspace ws, Duration timeout) {
    try {
      if (site == null) {
        return runner.run(c, ws, timeout, layout.root(), testLog(ws));
      }
      TestResult ran;
      try (java.io.OutputStream out = dev.porch.files.StateFiles.replace(layout.root(), testLog(ws))) {
        out.write(TestRunner.header(ws, c).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ran = site.run(ws, c, timeout, out);
      } catch (PorchException e) {
        throw new NotJudged(e);
      }
      return TestRunner.judge(ran, Files.readAllLines(testLog(ws), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
        throw new PorchException("cannot write the test log " + testLog(ws) + " for " + ws.task() + ": "
            + e.getMessage() + "; check that " + StateLayout.STATUS_FOLDER + " is writable", e);
    }
  }

  private DiffStat diff(Workspace ws) {
    return workspaces.diffStat(ws.branch(), ws.base());
  }

  private List<String> files(Workspace ws) {
    return workspaces.changedFiles(ws.branch(), ws.base()).stream().map(ChangedFile::path).toList();
  }

  private int ahead(Workspace ws) {
    return workspaces.commitsAhead(ws.branch(), ws.base());
  }

  /**
   * Where a test command runs when not as a local process (e.g. a Kubernetes Job): it runs the
   * command for the workspace's committed branch and writes its output to the test log it is given;
   * the evaluator then counts tests from that output and scores exactly as for a local run.
   *
   * <p>Called on the evaluator's caller thread; blocks until the command ended or its timeout passed.
   */
  @FunctionalInterface
  public interface TestSite {
    /**
     * Runs {@code command} for {@code ws}.
     *
     * @param ws the workspace
     * @param command the test command
     * @param timeout how long it may run
     * @param log the task's test log, after porch's header line; the site does not close it
     * @return its exit code ({@code -1} when it timed out), duration, argument list and {@code
     *     timedOut}; counts and {@code passed} are decided by the evaluator
     * @throws PorchException when the command could not be run at all: the evaluation says
     *     "not judged: " and the message, in place of RESULTS.md, and the tests do not pass
     * @throws IOException if the log cannot be written
     */
    TestResult run(Workspace ws, dev.porch.core.port.TestCommand command, Duration timeout, java.io.OutputStream log)
        throws IOException;
  }

  /** Settings for {@link ProcessEvaluator}; each setter may be called once. */
  public static final class Builder {
    private final Path repoRoot;
    private final WorkspaceProvider workspaces;
    private Duration grace;
    private TestSite site;

    private Builder(Path repoRoot, WorkspaceProvider workspaces) {
      this.repoRoot = repoRoot;
      this.workspaces = workspaces;
    }

    /**
     * How long a timed-out test command may take to stop after the polite request before its
     * process tree is killed; default 10 seconds.
     *
     * @param value zero or more
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException if already set
     */
    public Builder gracePeriod(Duration value) {
      Objects.requireNonNull(value, "gracePeriod");
      if (value.isNegative()) {
        throw new IllegalArgumentException("the grace period cannot be negative, got " + value);
      }
      if (grace != null) {
        throw new IllegalStateException("gracePeriod was already set");
      }
      grace = value;
      return this;
    }

    /**
     * Runs test commands through {@code value} instead of as local processes; the uncommitted-work
     * check, test log, counts, score, diff, changed files and RESULTS.md stay as they are.
     *
     * @param value where test commands run
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalStateException if already set
     */
    public Builder testSite(TestSite value) {
      Objects.requireNonNull(value, "testSite");
      if (site != null) {
        throw new IllegalStateException("testSite was already set");
      }
      site = value;
      return this;
    }

    /**
     * Builds the evaluator. It holds no threads or resources.
     *
     * @return the evaluator
     */
    public ProcessEvaluator build() {
      return new ProcessEvaluator(this);
    }
  }
}
