package dev.porch.git.internal;

import dev.porch.core.TaskName;
import dev.porch.core.port.WorkspaceInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Parses {@code git worktree list --porcelain -z}. Pure. */
public final class WorktreeList {
  private static final String ZERO = "0".repeat(40);

  private WorktreeList() {}

  /** One record; {@code bare} is only ever true for the first. */
  public record Entry(WorkspaceInfo info, boolean bare) {}

  /**
   * The entries git printed, first the main worktree (or the bare repository).
   *
   * @param out the command's stdout
   * @param layout tells which paths are task worktrees
   */
  public static List<Entry> parse(String out, Layout layout) {
    List<Entry> entries = new ArrayList<>();
    Path path = null;
    String head = null;
    String branch = null;
    boolean bare = false;
    boolean locked = false;
    boolean prunable = false;
    for (String field : out.split("\0", -1)) {
      if (field.isEmpty()) {
        if (path != null) {
          entries.add(entry(layout, entries.isEmpty(), path, head, branch, bare, locked, prunable));
        }
        path = null;
        head = null;
        branch = null;
        bare = false;
        locked = false;
        prunable = false;
      } else if (field.startsWith("worktree ")) {
        path = Path.of(field.substring("worktree ".length()));
      } else if (field.startsWith("HEAD ")) {
        head = field.substring("HEAD ".length());
      } else if (field.startsWith("branch ")) {
        branch = field.substring("branch ".length());
      } else if (field.equals("bare")) {
        bare = true;
      } else if (field.equals("locked") || field.startsWith("locked ")) {
        locked = true;
      } else if (field.equals("prunable") || field.startsWith("prunable ")) {
        prunable = true;
      }
    }
    if (path != null) {
      entries.add(entry(layout, entries.isEmpty(), path, head, branch, bare, locked, prunable));
    }
    return entries;
  }

  private static Entry entry(
      Layout layout, boolean main, Path path, String head, String branch, boolean bare, boolean locked,
      boolean prunable) {
    Optional<String> h = head == null || head.equals(ZERO) ? Optional.empty() : Optional.of(head);
    Optional<String> b =
        branch == null ? Optional.empty() : Optional.of(branch.replaceFirst("^refs/heads/", ""));
    Optional<TaskName> task = main || layout == null ? Optional.empty() : layout.taskOf(path);
    return new Entry(new WorkspaceInfo(path, h, b, main, locked, prunable, task), bare);
  }
}
