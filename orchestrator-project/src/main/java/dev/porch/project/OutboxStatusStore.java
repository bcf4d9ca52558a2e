package dev.porch.project;

import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.port.StatusChange;
import dev.porch.core.port.StatusListing;
import dev.porch.core.port.StatusStore;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The status store of {@code porch complete | fail | block} run by an agent inside porch's sandbox,
 * where {@code .agent-status/} is read-only: it reads the real status files, and writes the agent's
 * report to the outbox ({@code $PORCH_OUTBOX/.agent-status/<task>.json}) that the sandbox gave it.
 * The porch that launched the agent moves that file over the real one once the agent ends, before
 * the engine reads the report (docs/sandbox.md). A report already in the outbox is what a second
 * report starts from.
 */
final class OutboxStatusStore implements StatusStore {
  private final StatusStore real;
  private final StatusStore outbox;

  OutboxStatusStore(StatusStore real, Path outbox) {
    this.real = real;
    try {
      java.nio.file.Files.createDirectories(dev.porch.core.StateLayout.of(outbox).statusFolder());
    } catch (java.io.IOException e) {
      throw new dev.porch.core.error.StatusFileException(outbox, "cannot make the sandbox's outbox: " + e.getMessage(), e);
    }
    this.outbox = dev.porch.status.StatusFiles.open(outbox);
  }

  @Override
  public Optional<AgentStatus> read(TaskName task) {
    return outbox.read(task).or(() -> real.read(task));
  }

  @Override
  public void write(AgentStatus status) {
    outbox.write(status);
  }

  @Override
  public StatusListing list() {
    return real.list();
  }

  @Override
  public boolean delete(TaskName task) {
    throw new UnsupportedOperationException("an agent in porch's sandbox cannot delete status files");
  }

  @Override
  public Subscription watch(Consumer<StatusChange> listener) {
    return real.watch(listener);
  }

  @Override
  public Optional<Path> location(TaskName task) {
    return real.location(task);
  }
}
