package dev.porch.core.port;

import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.error.StatusFileException;
import dev.porch.core.error.TamperedStatusException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Port: where agent statuses live. The default adapter keeps the seed's {@code
 * .agent-status/<task>.json} files: {@code dev.porch.status.StatusFiles.open(repo)}.
 *
 * <p><b>Threads.</b> Thread-safe; called from the engine's worker threads. Every method may block
 * on disk. Other processes (agents marking themselves done) may write the same files.
 *
 * <p><b>Guarantees.</b> A write is atomic: a reader (in any process) sees the old status or the new
 * one, never a torn or empty file. A status whose task, branch or worktree points outside {@code
 * .worktrees/} is never returned as trusted: reading it throws {@link TamperedStatusException}.
 *
 * <p><b>Errors.</b> {@link StatusFileException} for unreadable or unwritable files; to the engine,
 * an exception fails the step that wrote, and is reported as an event.
 *
 * <pre>{@code
 * StatusStore store = StatusFiles.open(Path.of("."));
 * store.write(AgentStatus.pending(task, "feature/auth-1", ".worktrees/auth-1"));
 * try (StatusStore.Subscription s = store.watch(change -> System.err.println(change))) { ... }
 * }</pre>
 */
public interface StatusStore {
  /**
   * Reads one status.
   *
   * @param task the task
   * @return the status, or empty when there is no file
   * @throws StatusFileException if the file is corrupt, too large or of the wrong shape
   * @throws TamperedStatusException if its paths point outside {@code .worktrees/}
   */
  Optional<AgentStatus> read(TaskName task);

  /**
   * Writes one status atomically, keeping any fields another tool added to the file.
   *
   * @param status the status
   * @throws StatusFileException if it cannot be written; the previous file is then intact
   */
  void write(AgentStatus status);

  /**
   * Reads, changes and writes one status as one step with respect to other writers that use this
   * store (in this process and, for the file adapter, in others).
   *
   * @param task the task
   * @param change given the current status (never null), returns the new one
   * @return the status written
   * @throws StatusFileException if the file is missing, unreadable or unwritable
   */
  default AgentStatus update(TaskName task, UnaryOperator<AgentStatus> change) {
    synchronized (this) {
      AgentStatus current =
          read(task).orElseThrow(() -> new StatusFileException(location(task).orElse(Path.of(task.value())),
              "no status for task " + task, null));
      AgentStatus next = change.apply(current);
      write(next);
      return next;
    }
  }

  /** Every status, with a problem for each unreadable file; never fails as a whole. */
  StatusListing list();

  /**
   * Deletes one status.
   *
   * @param task the task
   * @return whether a file was deleted
   * @throws StatusFileException if it exists but cannot be deleted
   */
  boolean delete(TaskName task);

  /**
   * Tells {@code listener} of every change, including ones other processes make, soon after it
   * happens. The listener is called from one thread of the store's, in order.
   *
   * @param listener receives changes
   * @return a subscription; close it to stop listening and release its thread
   */
  Subscription watch(Consumer<StatusChange> listener);

  /**
   * Where {@code task}'s status lives on this machine, for agents that share its disk.
   *
   * @param task the task
   * @return the absolute file path, or empty for stores that are not files
   */
  default Optional<Path> location(TaskName task) {
    return Optional.empty();
  }

  /** A registration that can be cancelled; {@link #close()} never throws. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
