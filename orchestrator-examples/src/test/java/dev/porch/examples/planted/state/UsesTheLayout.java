package dev.porch.examples.planted.state;

import dev.porch.core.StateLayout;
import dev.porch.core.TaskName;
import java.nio.file.Path;

/** Planted: the same path through the owner, which the rule accepts. */
public final class UsesTheLayout {
  private UsesTheLayout() {}

  /** The log, from the layout. */
  public static Path log(Path repo, TaskName task) {
    return StateLayout.of(repo).logFile(task);
  }

  /** The folder's name, read from the owner's (not compile-time) constant. */
  public static String folder() {
    return StateLayout.STATUS_FOLDER + "/";
  }
}
