package dev.porch.examples.planted.cycle.internal;

import dev.porch.examples.planted.cycle.Facade;

/** Planted internal implementation: depends back on its package's API, as real internals do. */
public final class Impl implements Facade {
  @Override
  public String work() {
    return "work";
  }
}
