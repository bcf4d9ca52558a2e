package dev.porch.agent.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads, so every thread porch starts can be recognised and must be stopped. */
public final class Threads {
  /** Prefix of every thread name this module uses. */
  public static final String PREFIX = "porch-agent-";

  private Threads() {}

  /**
   * A factory of daemon threads called {@code porch-agent-<role>-<n>}.
   *
   * @param role what the threads do, e.g. {@code timer}
   * @return the factory
   */
  public static ThreadFactory named(String role) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, PREFIX + role + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
