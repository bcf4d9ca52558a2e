package dev.porch.core.port;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How far an agent is confined by the operating system while it runs (issue 19, docs/sandbox.md).
 * A value only: a sandboxing {@link AgentLauncher} decorator ({@code dev.porch.agent.Sandboxes})
 * turns it into a {@link Confinement} for each request.
 *
 * <p>The default is {@link #OFF}: the sandbox cannot be had everywhere (Windows has none, some
 * Linux hosts turn user namespaces off), and an agent CLI that writes outside the folders its
 * profile declares fails under it, so it is opted into, not imposed.
 */
public enum SandboxPolicy {
  /** No confinement: the agent runs with the user's rights, as before. */
  OFF,
  /**
   * The agent may write only its own worktree, its git admin folder, the shared object store and
   * its own branch, a private temp folder and the config folders its profile declares.
   */
  WORKTREE,
  /**
   * As {@link #WORKTREE}, plus no network beyond what the OS sandbox can allow for the profile, and
   * a clean environment (only {@code PORCH_*}, {@code PATH}, {@code HOME} pointed at a private folder
   * and the variables the profile names). Refuses to start where it cannot be enforced.
   */
  STRICT;

  /** The lower-case name used in {@code .porch.json} and on the command line. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this policy confines the agent at all. */
  public boolean confines() {
    return this != OFF;
  }

  /**
   * Reads {@code off}, {@code worktree} or {@code strict}, in any case.
   *
   * @param text the word
   * @return the policy
   * @throws IllegalArgumentException if {@code text} is none of them
   */
  public static SandboxPolicy of(String text) {
    for (SandboxPolicy p : values()) {
      if (p.word().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException("sandbox policy '" + text + "' is not one of "
        + Arrays.stream(values()).map(SandboxPolicy::word).collect(Collectors.joining(", ")));
  }
}
