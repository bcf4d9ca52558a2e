package dev.porch.examples.planted.state;

import java.nio.file.Path;

/** Planted: builds a state path by hand, as five modules did before StateLayout. */
public final class SpellsTheStateFolder {
  private SpellsTheStateFolder() {}

  /** The log, spelled out. */
  public static Path log(Path repo, String task) {
    return repo.resolve(".agent-status/logs/" + task + ".log");
  }
}
