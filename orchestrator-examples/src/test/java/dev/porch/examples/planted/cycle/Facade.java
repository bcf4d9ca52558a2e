package dev.porch.examples.planted.cycle;

import dev.porch.examples.planted.cycle.internal.Impl;

/** Planted entry point for {@code PackageCyclesPlantedTest}: may reach into its own internal. */
public interface Facade {
  /** What the internal implementation does. */
  String work();

  /** The entry point's factory: the one allowed edge into internal. */
  static Facade create() {
    return new Impl();
  }
}
