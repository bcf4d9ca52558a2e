package dev.porch.examples.planted.cycle;

import dev.porch.examples.planted.cycle.internal.Impl;

/** Planted violation for {@code PackageCyclesPlantedTest}: not an entry point, yet imports internal. */
public final class Sneaky {
  private Sneaky() {}

  /** Reaches into internal. */
  public static String peek() {
    return new Impl().work();
  }
}
