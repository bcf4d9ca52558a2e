package dev.porch.core.testing;

import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.error.TamperedStatusException;
import dev.porch.core.port.StatusChange;
import dev.porch.core.port.StatusListing;
import dev.porch.core.port.StatusStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A {@link StatusStore} in memory. Watchers are told of every write and delete synchronously, in
 * order, on the writing thread. Like the file store, it refuses to return a status whose worktree
 * is outside {@code .worktrees/}. Thread-safe.
 */
public final class InMemoryStatusStore implements StatusStore {
  private final Map<TaskName, AgentStatus> statuses = new TreeMap<>();
  private final List<Consumer<StatusChange>> watchers = new CopyOnWriteArrayList<>();
  private final List<AgentStatus> history = new ArrayList<>();

  @Override
  public synchronized Optional<AgentStatus> read(TaskName task) {
    AgentStatus s = statuses.get(task);
    if (s != null && !s.worktree().startsWith(".worktrees/")) {
      throw new TamperedStatusException(Path.of(".agent-status", task + ".json"), "worktree", s.worktree(),
          "it is outside .worktrees/");
    }
    return Optional.ofNullable(s);
  }

  @Override
  public synchronized void write(AgentStatus status) {
    statuses.put(status.task(), status);
    history.add(status);
    for (Consumer<StatusChange> w : watchers) {
      w.accept(new StatusChange(status.task(), Optional.of(status), Optional.empty()));
    }
  }

  @Override
  public synchronized StatusListing list() {
    return new StatusListing(new ArrayList<>(statuses.values()), List.of());
  }

  @Override
  public synchronized boolean delete(TaskName task) {
    boolean had = statuses.remove(task) != null;
    if (had) {
      for (Consumer<StatusChange> w : watchers) {
        w.accept(new StatusChange(task, Optional.empty(), Optional.empty()));
      }
    }
    return had;
  }

  @Override
  public Subscription watch(Consumer<StatusChange> listener) {
    watchers.add(listener);
    return () -> watchers.remove(listener);
  }

  /** Every status ever written, in order. */
  public synchronized List<AgentStatus> history() {
    return List.copyOf(history);
  }

  /** How many watchers are subscribed. */
  public int watcherCount() {
    return watchers.size();
  }
}
