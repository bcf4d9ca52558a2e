package dev.porch.agent.internal.sandbox;

import java.util.Locale;

/** The operating system, which decides the sandbox: bwrap, sandbox-exec, or none. */
public enum Host {
  LINUX, MACOS, WINDOWS, OTHER;

  /** This JVM's. */
  public static Host current() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    return os.startsWith("linux") ? LINUX : os.startsWith("mac") || os.startsWith("darwin") ? MACOS
        : os.startsWith("windows") ? WINDOWS : OTHER;
  }
}
