package dev.porch.agent.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Stops a process and everything it started: politely ({@link ProcessHandle#destroy}, SIGTERM on
 * POSIX) at once, forcibly after a grace period. Descendants are captured before anything is
 * killed, because once a parent dies its children are re-parented and no longer its descendants.
 */
public final class ProcessTree {
  private final ScheduledExecutorService scheduler;
  private final Duration grace;

  /**
   * @param scheduler runs the forcible kill after the grace period
   * @param grace how long a process may take to stop after the polite request
   */
  public ProcessTree(ScheduledExecutorService scheduler, Duration grace) {
    this.scheduler = scheduler;
    this.grace = grace;
  }

  /**
   * Asks {@code root} and its descendants to stop and schedules a forcible kill of whatever is still
   * alive after the grace period. Does not block.
   *
   * @param root the process
   */
  public void stop(ProcessHandle root) {
    List<ProcessHandle> captured = capture(root);
    for (int i = captured.size() - 1; i >= 0; i--) {
      captured.get(i).destroy();
    }
    try {
      scheduler.schedule(() -> kill(root, captured), grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      kill(root, captured);
    }
  }

  /**
   * Kills {@code root}, the processes captured earlier and its current descendants, forcibly.
   *
   * @param root the process
   * @param captured processes captured when stopping began
   */
  public static void kill(ProcessHandle root, List<ProcessHandle> captured) {
    Set<ProcessHandle> all = new LinkedHashSet<>(captured);
    all.addAll(capture(root));
    for (ProcessHandle p : all) {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }

  /**
   * {@code root} followed by all its living descendants.
   *
   * @param root the process
   * @return the tree, root first
   */
  public static List<ProcessHandle> capture(ProcessHandle root) {
    List<ProcessHandle> out = new ArrayList<>();
    out.add(root);
    if (root.isAlive()) {
      out.addAll(root.descendants().collect(Collectors.toList()));
    }
    return out;
  }
}
