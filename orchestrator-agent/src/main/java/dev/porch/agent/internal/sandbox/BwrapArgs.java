package dev.porch.agent.internal.sandbox;

import dev.porch.core.port.SandboxPolicy;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bwrap command line that holds one agent (bubblewrap 0.8, Debian 12's; checked as root and as
 * an unprivileged user in a container with user namespaces on):
 *
 * <ul>
 *   <li>{@code --ro-bind / /}: the whole file system, read-only (submounts too); then {@code --dev
 *       /dev} and {@code --proc /proc}, fresh;
 *   <li>{@code --bind} on top, in this order: the worktree, its admin folder, the object store, the
 *       private ref folder over the branch's ref folder (copies of the sibling branches in it; a
 *       folder of deeper branches {@code --ro-bind} on top), the branch's reflog, the private folder, the profile's folders;
 *   <li>{@code --cap-drop ALL}: an agent run by root keeps root's capabilities in bwrap otherwise,
 *       and with CAP_SYS_ADMIN could remount its binds writable;
 *   <li>{@code --new-session}: the agent cannot push keystrokes into porch's terminal (TIOCSTI);
 *   <li>strict: {@code --unshare-net} (only a loopback device inside, so no network at all) and
 *       {@code --unshare-pid} (it cannot see or signal other agents' processes). Not under
 *       worktree: there the agent keeps the host's network and process view.
 * </ul>
 *
 * <p>No {@code --die-with-parent}: porch reattaches to agents that outlive it (after a crash), so an
 * agent must not die with the porch that started it.
 */
final class BwrapArgs {
  private BwrapArgs() {}

  static List<String> of(String bwrap, Cell cell) {
    List<String> a = new ArrayList<>(List.of(bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"));
    bind(a, cell.worktree(), cell.worktree());
    cell.git().ifPresent(g -> {
      bind(a, g.admin(), g.admin());
      bind(a, g.objects(), g.objects());
      bind(a, cell.refs(), g.refFolder());
      for (Path sibling : cell.siblings()) {
        a.addAll(List.of("--ro-bind", sibling.toString(), sibling.toString()));
      }
      if (Files.exists(g.reflog(), LinkOption.NOFOLLOW_LINKS)) {
        bind(a, g.reflog(), g.reflog());
      }
    });
    bind(a, cell.dir(), cell.dir());
    for (Cell.Mount m : cell.declared()) {
      bind(a, m.source(), m.target());
    }
    a.addAll(List.of("--cap-drop", "ALL", "--new-session"));
    if (cell.policy() == SandboxPolicy.STRICT) {
      a.addAll(List.of("--unshare-net", "--unshare-pid"));
    }
    a.addAll(List.of("--chdir", cell.worktree().toString(), "--"));
    return a;
  }

  private static void bind(List<String> a, Path source, Path target) {
    a.addAll(List.of("--bind", source.toString(), target.toString()));
  }
}
