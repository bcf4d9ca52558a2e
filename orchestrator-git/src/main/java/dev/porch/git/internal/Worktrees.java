package dev.porch.git.internal;

import dev.porch.core.TaskName;
import dev.porch.core.WorkspaceInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Parses {@code git worktree list --porcelain -z}. */
public final class Worktrees {
  private Worktrees() {}

  /**
   * @param fields the NUL-separated fields git printed
   * @param worktreesDir {@code <root>/.worktrees}, to name tasks
   */
  public static List<WorkspaceInfo> parse(List<String> fields, Path worktreesDir) {
    List<WorkspaceInfo> out = new ArrayList<>();
    Path path = null;
    String head = null;
    String branch = null;
    boolean locked = false;
    boolean prunable = false;
    boolean bare = false;
    List<String> all = new ArrayList<>(fields);
    all.add("worktree <end>");
    for (String f : all) {
      if (f.startsWith("worktree ")) {
        if (path != null && !bare) {
          out.add(info(path, head, branch, out.isEmpty(), locked, prunable, worktreesDir));
        }
        path = f.equals("worktree <end>") ? null : Path.of(f.substring(9));
        head = null;
        branch = null;
        locked = false;
        prunable = false;
        bare = false;
      } else if (f.startsWith("HEAD ")) {
        head = f.substring(5);
      } else if (f.startsWith("branch ")) {
        branch = f.substring(7).replaceFirst("^refs/heads/", "");
      } else if (f.equals("bare")) {
        bare = true;
      } else if (f.equals("locked") || f.startsWith("locked ")) {
        locked = true;
      } else if (f.equals("prunable") || f.startsWith("prunable ")) {
        prunable = true;
      }
    }
    return out;
  }

  private static WorkspaceInfo info(Path path, String head, String branch, boolean main, boolean locked,
      boolean prunable, Path worktreesDir) {
    Optional<TaskName> task = Optional.empty();
    Path abs = path.toAbsolutePath().normalize();
    if (!main && abs.getParent() != null && abs.getParent().equals(worktreesDir)
        && TaskName.isValid(abs.getFileName().toString())) {
      task = Optional.of(TaskName.of(abs.getFileName().toString()));
    }
    boolean unborn = head == null || head.matches("0+");
    return new WorkspaceInfo(abs, unborn ? Optional.empty() : Optional.of(head), Optional.ofNullable(branch), main,
        locked, prunable, task);
  }
}
