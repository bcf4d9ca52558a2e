package dev.porch.agent.internal;

import dev.porch.core.TaskName;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A handle on an agent process that an earlier launcher started (found again by pid and start
 * time). Its exit code cannot be known: the outcome says so. Its log tail is read from the log file.
 */
public final class ReattachedAgent implements AgentHandle {
  private static final int TAIL_BYTES = 16 * 1024;

  private final TaskName task;
  private final ProcessHandle process;
  private final Instant started;
  private final Path log;
  private final ProcessTree tree;
  private final CompletableFuture<AgentOutcome> outcome = new CompletableFuture<>();
  private final AtomicReference<String> cancelled = new AtomicReference<>();

  private ReattachedAgent(TaskName task, ProcessHandle process, Instant started, Path log, ProcessTree tree) {
    this.task = task;
    this.process = process;
    this.started = started;
    this.log = log;
    this.tree = tree;
  }

  /**
   * Finds the process again.
   *
   * @param task the task
   * @param pid the recorded pid
   * @param recordedStart the recorded start time; compared to the second
   * @param log the task's log file
   * @param tree stops the process tree on cancel
   * @return a handle when that very process is alive, otherwise empty
   */
  public static Optional<AgentHandle> find(TaskName task, long pid, Instant recordedStart, Path log, ProcessTree tree) {
    Optional<ProcessHandle> ph = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (ph.isEmpty()) {
      return Optional.empty();
    }
    Optional<Instant> actual = ph.get().info().startInstant();
    if (actual.isEmpty() || !sameSecond(actual.get(), recordedStart)) {
      return Optional.empty();
    }
    ReattachedAgent a = new ReattachedAgent(task, ph.get(), actual.get(), log, tree);
    ph.get().onExit().thenRun(a::ended);
    return Optional.of(a);
  }

  private static boolean sameSecond(Instant a, Instant b) {
    return a.truncatedTo(ChronoUnit.SECONDS).equals(b.truncatedTo(ChronoUnit.SECONDS));
  }

  private void ended() {
    Duration took = Duration.between(started, Instant.now());
    if (took.isNegative()) {
      took = Duration.ZERO;
    }
    List<String> lines = logTail(20);
    String why = cancelled.get();
    outcome.complete(why != null
        ? AgentOutcome.stopped(task, AgentOutcome.Kind.CANCELLED, why, took, lines)
        : new AgentOutcome(task, AgentOutcome.Kind.EXITED, OptionalInt.empty(), false, took,
            Optional.of("the agent was reattached after a restart and has ended; its exit code is unknown"),
            lines));
  }

  @Override
  public TaskName task() {
    return task;
  }

  @Override
  public CompletableFuture<AgentOutcome> outcome() {
    return outcome;
  }

  /**
   * Stops watching without stopping the agent: it was not started by this process, so closing the
   * launcher must not kill it (a later {@code porch recover} finds it again). The outcome completes
   * exceptionally with a {@link java.util.concurrent.CancellationException}.
   */
  public void release() {
    outcome.completeExceptionally(new java.util.concurrent.CancellationException(
        "no longer watched: the launcher was closed while the re-attached agent still ran"));
  }

  @Override
  public void cancel(String reason) {
    if (!outcome.isDone() && process.isAlive()
        && cancelled.compareAndSet(null, reason == null ? "cancelled" : reason)) {
      tree.stop(process);
    }
  }

  @Override
  public OptionalLong pid() {
    return OptionalLong.of(process.pid());
  }

  @Override
  public Optional<Instant> processStarted() {
    return Optional.of(started);
  }

  @Override
  public List<String> logTail(int lines) {
    if (lines <= 0 || !Files.isRegularFile(log)) {
      return List.of();
    }
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long from = Math.max(0, f.length() - TAIL_BYTES);
      byte[] buf = new byte[(int) (f.length() - from)];
      f.seek(from);
      f.readFully(buf);
      List<String> all = new ArrayList<>(Arrays.asList(new String(buf, StandardCharsets.UTF_8).split("\r?\n")));
      if (from > 0 && !all.isEmpty()) {
        all.remove(0);
      }
      return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return List.of();
    }
  }
}
