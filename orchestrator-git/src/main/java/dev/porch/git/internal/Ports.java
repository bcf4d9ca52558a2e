package dev.porch.git.internal;

import dev.porch.core.TaskName;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Hands out {@code PORCH_PORT}s as worktrees are made and removed. An interface so that {@link
 * Creator} need not know the environment package ({@code env.PortRegistry} implements it): the
 * environment uses git's internals, never the other way round.
 */
public interface Ports {
  /** Records a port for each task (keeping one already recorded); empty when the range is full. */
  Map<TaskName, OptionalInt> assign(Collection<TaskName> tasks);

  /** Frees the ports of {@code tasks}. */
  void release(Collection<TaskName> tasks);
}
