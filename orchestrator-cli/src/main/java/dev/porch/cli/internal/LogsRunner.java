package dev.porch.cli.internal;

import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.error.PorchException;
import dev.porch.core.error.StatusFileException;
import dev.porch.core.port.StatusChange;
import dev.porch.core.port.StatusStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What {@code porch logs} does once its arguments are checked: print a task's log, and with {@code
 * follow} keep printing what is added until the task's status is final and the log is read to the
 * end. It wakes on every status change and at most every 250 ms to look for new lines (an agent
 * writes its log far more often than its status), so it never spins.
 */
public final class LogsRunner {
  private static final long POLL_MS = 250;

  private LogsRunner() {}

  /**
   * The options of one run.
   *
   * @param task the task
   * @param raw the raw log instead of the transcript
   * @param last how many lines from the end to start with; -1 for all
   * @param follow keep following until the task is final
   */
  public record Request(TaskName task, boolean raw, int last, boolean follow) {}

  /**
   * Prints the log.
   *
   * @throws PorchException if there is no log yet (without follow), or the log is not porch's
   * @throws InterruptedException if interrupted while following (Ctrl-C)
   */
  public static void run(Request r, StatusStore store, AgentLogs logs, PrintWriter out, PrintWriter err)
      throws InterruptedException {
    if (!r.follow()) {
      Path file = logs.pick(r.task(), r.raw()).orElseThrow(() -> new PorchException(
          "task " + r.task() + " has no " + (r.raw() ? "raw log" : "log") + " yet",
          List.of("it has not been launched yet; 'porch logs " + r.task() + " -f' waits for it"), null));
      LogFollower f = new LogFollower(file, out);
      f.printExisting(r.last());
      f.finish();
      return;
    }
    BlockingQueue<StatusChange> changes = new LinkedBlockingQueue<>();
    try (StatusStore.Subscription sub = store.watch(changes::add)) {
      LogFollower f = null;
      boolean existed = logs.any(r.task()); // -n applies to what is there now; a log that appears later is new
      boolean rawWaited = false;
      while (true) {
        boolean done = isFinal(store, r.task(), err); // read before the log: what was written before is then all there
        if (f == null) {
          Optional<Path> file = logs.pick(r.task(), r.raw());
          // the launcher opens the raw log a moment before the transcript: give the transcript one
          // more turn to appear before settling for the raw log for good
          if (file.isPresent() && !r.raw() && !done && !rawWaited && file.get().getFileName().equals(logs.raw(r.task()).getFileName())) {
            rawWaited = true;
            file = Optional.empty();
          }
          if (file.isPresent()) {
            f = new LogFollower(file.get(), out);
            f.printExisting(existed ? r.last() : -1);
          }
        } else {
          f.printNew();
        }
        if (done) {
          if (f != null) {
            f.finish();
          } else {
            err.println("porch: " + r.task() + " ended without a log");
          }
          return;
        }
        changes.poll(POLL_MS, TimeUnit.MILLISECONDS);
        changes.clear();
      }
    }
  }

  /** Whether the task's status is final; an unreadable or deleted status ends the following too. */
  private static boolean isFinal(StatusStore store, TaskName task, PrintWriter err) {
    try {
      return store.read(task).map(AgentStatus::status).map(s -> s.isFinal()).orElse(true);
    } catch (StatusFileException e) {
      err.println("porch: warning: " + Sanitize.text(e.getMessage()) + "; stopping at the end of the log");
      return true;
    }
  }
}
