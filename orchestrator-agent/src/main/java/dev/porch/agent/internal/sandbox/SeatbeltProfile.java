package dev.porch.agent.internal.sandbox;

import dev.porch.core.port.SandboxPolicy;
import java.nio.file.Path;
import java.util.List;

/**
 * The sandbox-exec (macOS Seatbelt) profile that holds one agent: everything allowed but writes,
 * which only the agent's folders take: its worktree, admin folder, object store, its branch's ref
 * and the ref's lock file (exact paths, so no sibling branch), its reflog, the private folder, the
 * profile's folders and the devices every program writes. Under strict, no network but local
 * (unix-socket) connections and outbound TCP to the ports the profile lists: Seatbelt filters
 * remote addresses by {@code *} or {@code localhost} and port only, never by host name.
 *
 * <p>Generated and checked as text only: porch's tests run on Linux. sandbox-exec is deprecated by
 * Apple but still shipped and used by Claude Code and Codex for the same purpose.
 */
final class SeatbeltProfile {
  private SeatbeltProfile() {}

  static String of(Cell cell, List<String> network) {
    StringBuilder s = new StringBuilder("(version 1)\n(allow default)\n(deny file-write*)\n(allow file-write*\n");
    subpath(s, cell.worktree());
    cell.git().ifPresent(g -> {
      subpath(s, g.admin());
      subpath(s, g.objects());
      literal(s, g.ref());
      literal(s, g.ref().resolveSibling(g.ref().getFileName() + ".lock"));
      literal(s, g.reflog());
    });
    subpath(s, cell.dir());
    for (Cell.Mount m : cell.declared()) {
      subpath(s, m.source());
    }
    s.append("  (literal \"/dev/null\") (literal \"/dev/zero\") (literal \"/dev/tty\") (regex #\"^/dev/fd/\")\n)\n");
    if (cell.policy() == SandboxPolicy.STRICT) {
      s.append("(deny network*)\n(allow network* (remote unix-socket))\n");
      for (String hostPort : network) {
        int colon = hostPort.lastIndexOf(':');
        String port = colon < 0 ? "443" : hostPort.substring(colon + 1);
        if (port.matches("[0-9]{1,5}")) {
          s.append("(allow network-outbound (remote tcp \"*:").append(port).append("\")) ; ")
              .append(hostPort.replaceAll("[^A-Za-z0-9.:_-]", "?")).append('\n');
        }
      }
    }
    return s.toString();
  }

  private static void subpath(StringBuilder s, Path p) {
    s.append("  (subpath ").append(quote(p)).append(")\n");
  }

  private static void literal(StringBuilder s, Path p) {
    s.append("  (literal ").append(quote(p)).append(")\n");
  }

  /**
   * A Seatbelt string of the path as the kernel sees it (macOS's {@code /tmp} and {@code /var} are
   * links into {@code /private}, and Seatbelt matches resolved paths): backslash and double quote escaped.
   */
  static String quote(Path p) {
    Path real = p;
    try {
      real = p.toRealPath();
    } catch (java.io.IOException | SecurityException notThereYet) {
      // a lock file that does not exist yet: its folder's real path, or the path as it is
      try {
        real = p.getParent() == null ? p : p.getParent().toRealPath().resolve(p.getFileName());
      } catch (java.io.IOException | SecurityException e) {
        real = p;
      }
    }
    return "\"" + real.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
