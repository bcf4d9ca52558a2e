package dev.porch.agent.internal;

import dev.porch.agent.internal.report.CargoTestParser;
import dev.porch.agent.internal.report.GoTestParser;
import dev.porch.agent.internal.report.JUnitXmlReports;
import dev.porch.agent.internal.report.NodeTestParser;
import dev.porch.agent.internal.report.OutputParser;
import dev.porch.agent.internal.report.PytestParser;
import dev.porch.agent.internal.report.TapParser;
import dev.porch.agent.internal.report.TestCounts;
import dev.porch.core.port.TestCommand;
import dev.porch.core.port.TestResult;
import dev.porch.core.port.Workspace;
import dev.porch.files.StateFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs one test command in a workspace: no shell unless the command is a user-written line, output
 * to a log, the whole process tree stopped at the timeout, counts parsed from reports and output.
 * Uses one pump thread per run, joined before {@link #run} returns.
 */
public final class TestRunner {
  private static final Duration JOIN_WAIT = Duration.ofSeconds(5);
  private final Duration grace;
  private final long maxLogBytes;

  /**
   * @param grace how long the command may take to stop after the polite request at its timeout
   * @param maxLogBytes the most bytes written to the log
   */
  public TestRunner(Duration grace, long maxLogBytes) {
    this.grace = grace;
    this.maxLogBytes = maxLogBytes;
  }

  /**
   * The argument list a command runs as: its arguments, or the platform shell with its one line.
   *
   * @param command the command
   * @return the argument list
   */
  public static List<String> argv(TestCommand command) {
    if (!command.shell()) {
      return command.arguments();
    }
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    return windows ? List.of("cmd.exe", "/c", command.arguments().get(0)) : List.of("sh", "-c", command.arguments().get(0));
  }

  /**
   * Runs the command.
   *
   * @param command the command
   * @param ws the workspace (the working directory)
   * @param timeout how long it may run
   * @param root the repository the log is in
   * @param log the log file, replaced
   * @return the result; a command that cannot start or times out is a failed result
   * @throws IOException if the log cannot be written
   */
  public TestResult run(TestCommand command, Workspace ws, Duration timeout, Path root, Path log) throws IOException {
    List<String> argv = argv(command);
    OutputStream out = StateFiles.replace(root, log);
    out.write(header(ws, command).getBytes(StandardCharsets.UTF_8));
    Map<Path, FileTime> before = JUnitXmlReports.snapshot(ws.path());
    List<OutputParser> parsers = parsers();
    long t0 = System.nanoTime();
    Process process;
    try {
      ProcessBuilder pb = new ProcessBuilder(argv).directory(ws.path().toFile()).redirectErrorStream(true);
      pb.environment().put("PORCH_TASK", ws.task().value());
      pb.environment().put("PORCH_WORKTREE", ws.path().toString());
      pb.environment().put("PORCH_BRANCH", ws.branch());
      ws.port().ifPresent(p -> pb.environment().put("PORCH_PORT", Integer.toString(p)));
      process = pb.start();
    } catch (IOException e) {
      try (out) {
        out.write(("[porch: could not start the test command: " + e.getMessage() + "]\n").getBytes(StandardCharsets.UTF_8));
      }
      return new TestResult(false, -1, Duration.ofNanos(System.nanoTime() - t0), -1, -1, -1, Optional.empty(), argv, false);
    }
    process.getOutputStream().close();
    OutputPump pump = new OutputPump(process.getInputStream(), out, maxLogBytes, line -> parsers.forEach(p -> p.accept(line)));
    Thread pumpThread = Threads.named("test-output").newThread(pump);
    pumpThread.start();
    boolean timedOut = !waitFor(process, timeout);
    if (timedOut) {
      stop(process);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    join(pumpThread, process);
    int exit = timedOut ? -1 : process.exitValue();
    Optional<TestCounts> counts = JUnitXmlReports.counts(ws.path(), before);
    if (counts.isEmpty()) {
      counts = parsers.stream().map(OutputParser::result).flatMap(Optional::stream).findFirst();
    }
    boolean passed = !timedOut && exit == 0 && counts.map(c -> c.failed() == 0).orElse(true);
    return new TestResult(passed, exit, took, counts.map(TestCounts::passed).orElse(-1),
        counts.map(TestCounts::failed).orElse(-1), counts.map(TestCounts::skipped).orElse(-1),
        counts.map(TestCounts::format), argv, timedOut);
  }

  /** The output parsers, in the order their counts are preferred. */
  private static List<OutputParser> parsers() {
    return List.of(new PytestParser(), new CargoTestParser(), new GoTestParser(), new NodeTestParser(), new TapParser());
  }

  /**
   * A result of a command run elsewhere, judged as {@link #run} judges a local one: counts from its
   * output (pytest, cargo, go, node, TAP), passed when it exited 0, did not time out and no count says
   * a test failed.
   *
   * @param ran the command's exit code, duration, argument list and whether it timed out
   * @param output its output lines
   * @return the result with counts
   */
  public static TestResult judge(TestResult ran, List<String> output) {
    List<OutputParser> parsers = parsers();
    output.forEach(line -> parsers.forEach(p -> p.accept(line)));
    Optional<TestCounts> counts = parsers.stream().map(OutputParser::result).flatMap(Optional::stream).findFirst();
    boolean passed = !ran.timedOut() && ran.exitCode() == 0 && counts.map(c -> c.failed() == 0).orElse(true);
    return new TestResult(passed, ran.exitCode(), ran.duration(), counts.map(TestCounts::passed).orElse(-1),
        counts.map(TestCounts::failed).orElse(-1), counts.map(TestCounts::skipped).orElse(-1),
        counts.map(TestCounts::format), ran.command(), ran.timedOut());
  }

  /** The first line of every test log. */
  public static String header(Workspace ws, TestCommand command) {
    return "=== porch: test command for " + ws.task() + ", " + Instant.now() + ": " + command.display() + " ===\n";
  }

  private static boolean waitFor(Process p, Duration d) {
    try {
      return p.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void stop(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(ProcessTree.capture(process.toHandle()));
    for (int i = tree.size() - 1; i >= 0; i--) {
      tree.get(i).destroy();
    }
    if (!waitFor(process, grace)) {
      ProcessTree.kill(process.toHandle(), tree);
      waitFor(process, JOIN_WAIT);
    }
    // Children that ignored the polite request outlive their parent: kill what is left.
    ProcessTree.kill(process.toHandle(), tree);
  }

  private static void join(Thread pump, Process process) {
    try {
      pump.join(JOIN_WAIT.toMillis());
      if (pump.isAlive()) {
        // A leftover grandchild still holds the output pipe: close our end so the pump ends.
        process.getInputStream().close();
        pump.join(JOIN_WAIT.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException ignored) {
      // Closing our end of the pipe failed; the pump ends when the pipe does.
    }
  }
}
