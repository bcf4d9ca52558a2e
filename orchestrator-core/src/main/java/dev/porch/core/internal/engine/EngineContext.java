package dev.porch.core.internal.engine;

import dev.porch.core.Scheduler;
import dev.porch.core.event.EventListener;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.Evaluator;
import dev.porch.core.port.StatusStore;
import dev.porch.core.port.WorkspaceProvider;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The ports and settings an orchestrator was built with, shared by its runs.
 *
 * @param schedulers makes a scheduler for one run; {@code sharedScheduler} says whether it is the
 *     caller's (never closed by the engine) or a fresh one the run closes when it ends
 */
public record EngineContext(
    WorkspaceProvider workspaces,
    StatusStore statuses,
    AgentLauncher launcher,
    Evaluator evaluator,
    Clock clock,
    Supplier<Scheduler> schedulers,
    boolean sharedScheduler,
    List<EventListener> listeners) {
  public EngineContext {
    Objects.requireNonNull(workspaces, "workspaces");
    Objects.requireNonNull(statuses, "statuses");
    Objects.requireNonNull(launcher, "launcher");
    Objects.requireNonNull(evaluator, "evaluator");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(schedulers, "schedulers");
    listeners = List.copyOf(listeners);
  }

  /** The status store's file for {@code task}, if it has one; never throws. */
  Optional<java.nio.file.Path> statusFile(dev.porch.core.TaskName task) {
    try {
      return statuses.location(task);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
