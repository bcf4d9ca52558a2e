package dev.porch.status;

import dev.porch.core.error.PorchException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@link StatusFiles#lock} waited as long as it was allowed to and another holder still has it. */
public final class RepositoryLockedException extends PorchException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;
  private final transient Optional<LockHolder> holder;
  private final transient Duration waited;

  /**
   * A timeout naming the holder, when its record could be read.
   *
   * @param file the lock file
   * @param holder the holder's record, if readable
   * @param waited how long the caller waited
   * @param holderAlive whether the holder is known to be running (false: dead or unknown host)
   */
  public RepositoryLockedException(Path file, Optional<LockHolder> holder, Duration waited, boolean holderAlive) {
    super(
        "the repository is locked by " + holder.map(LockHolder::toString).orElse("another process")
            + " (" + file + "); waited " + waited.toMillis() + " ms",
        hints(file, holder, holderAlive),
        null);
    this.file = file;
    this.holder = holder;
    this.waited = waited;
  }

  private static List<String> hints(Path file, Optional<LockHolder> holder, boolean alive) {
    if (holder.isPresent() && !alive) {
      return List.of(
          "process " + holder.get().pid() + " is not running here, yet the OS lock is held (a network file"
              + " system?); if no porch runs on any machine, delete " + file);
    }
    return List.of("wait for that porch command to finish, or stop it", "then run the command again");
  }

  /**
   * The lock file.
   *
   * @return its absolute path
   */
  public Path file() {
    return file;
  }

  /**
   * The holder named in the lock file.
   *
   * @return the holder, or empty if its record could not be read
   */
  public Optional<LockHolder> holder() {
    return holder;
  }

  /**
   * How long the caller waited.
   *
   * @return the wait it asked for
   */
  public Duration waited() {
    return waited;
  }
}
