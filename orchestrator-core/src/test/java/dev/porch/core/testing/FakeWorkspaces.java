package dev.porch.core.testing;

import dev.porch.core.RepairReport;
import dev.porch.core.TaskName;
import dev.porch.core.error.BranchInUseException;
import dev.porch.core.error.DirtyWorktreeException;
import dev.porch.core.error.UnmergedBranchException;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.ChangedFile;
import dev.porch.core.port.ConflictMatrix;
import dev.porch.core.port.DiffStat;
import dev.porch.core.port.LeftoverCommit;
import dev.porch.core.port.MergeResult;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceInfo;
import dev.porch.core.port.WorkspaceProvider;
import dev.porch.core.port.WorkspaceSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link WorkspaceProvider} in memory: branches are maps from path to content, forked from a
 * snapshot of their base; two branches conflict where both changed a path to different contents.
 * It enforces the port's safety rules (no removing dirty worktrees, no deleting unmerged or
 * checked-out branches unless forced, all-or-nothing create, conflicts change nothing). The main
 * worktree has {@code main} checked out. Thread-safe.
 */
public final class FakeWorkspaces implements WorkspaceProvider {
  private final Path root = Path.of("fake-repo").toAbsolutePath();
  private final Map<String, Branch> branches = new LinkedHashMap<>();
  private final Map<TaskName, Workspace> worktrees = new LinkedHashMap<>();
  private final Map<TaskName, List<String>> dirty = new HashMap<>();
  private final Set<TaskName> failCreate = new HashSet<>();
  private final Map<TaskName, String> setUpFailures = new HashMap<>();
  /** Worktrees whose folders were deleted by hand: git still lists them (prunable) until pruned. */
  private final Set<TaskName> lost = new HashSet<>();
  private final List<String> merges = new ArrayList<>();
  private String current = "main";
  private int commits;
  private int ports = 3000;

  private static final class Branch {
    final Map<String, String> files;
    /** The files of its parent when it was made (the merge base with its parent). */
    final Map<String, String> fork;
    /** The files of the first ancestor that is not a branch of a branch (the merge base with main). */
    final Map<String, String> rootFork;
    final String parent;
    final List<String> messages = new ArrayList<>();
    final Set<String> merged = new HashSet<>();
    String head;

    Branch(Map<String, String> files, String head, String parent, Map<String, String> rootFork) {
      this.files = new TreeMap<>(files);
      this.fork = new TreeMap<>(files);
      this.rootFork = new TreeMap<>(rootFork == null ? files : rootFork);
      this.parent = parent;
      this.head = head;
    }
  }

  public FakeWorkspaces() {
    this(Map.of("README.md", "hello\n"));
  }

  /** A repository whose {@code main} has one commit holding {@code files}. */
  public FakeWorkspaces(Map<String, String> files) {
    branches.put("main", new Branch(files, "c0", null, null));
  }

  // ---- test helpers ----

  /** Commits {@code files} (content null deletes) to {@code branch}. */
  public synchronized void commit(String branch, Map<String, String> files, String message) {
    Branch b = branch(branch);
    files.forEach((p, c) -> {
      if (c == null) {
        b.files.remove(p);
      } else {
        b.files.put(p, c);
      }
    });
    b.messages.add(message);
    b.head = "c" + (++commits);
  }

  /** Commits to the branch of {@code task}'s worktree. */
  public synchronized void commitTo(TaskName task, Map<String, String> files, String message) {
    commit(worktree(task).branch(), files, message);
  }

  /** Marks {@code task}'s worktree as having uncommitted {@code files}. */
  public synchronized void setDirty(TaskName task, List<String> files) {
    dirty.put(task, List.copyOf(files));
  }

  /** The next {@link #create} that includes {@code task} fails. */
  /** Deletes {@code task}'s worktree folder behind porch's back: gone for find, prunable in list. */
  public synchronized void deleteFolder(TaskName task) {
    worktree(task);
    lost.add(task);
  }

  public synchronized void failCreateOf(TaskName task) {
    failCreate.add(task);
  }

  /** {@link #setUp} of {@code task} reports {@code reason}. */
  public synchronized void failSetUpOf(TaskName task, String reason) {
    setUpFailures.put(task, reason);
  }

  /** A worktree under .worktrees/ made behind porch's back (no status file). */
  public synchronized Workspace addWorktree(TaskName task) {
    return create(List.of(WorkspaceSpec.of(task, "main"))).get(0);
  }

  /** The files of {@code branch}. */
  public synchronized Map<String, String> files(String branch) {
    return Map.copyOf(branch(branch).files);
  }

  /** Every merge done, as {@code branch->target}, in order. */
  public synchronized List<String> merges() {
    return List.copyOf(merges);
  }

  public synchronized boolean hasWorktree(TaskName task) {
    return worktrees.containsKey(task);
  }

  public synchronized boolean hasBranch(String branch) {
    return branches.containsKey(branch);
  }

  private Branch branch(String name) {
    Branch b = branches.get(name);
    if (b == null) {
      throw new WorkspaceException("branch " + name + " does not exist");
    }
    return b;
  }

  private Workspace worktree(TaskName task) {
    Workspace w = worktrees.get(task);
    if (w == null) {
      throw new WorkspaceException("task " + task + " has no worktree under .worktrees/");
    }
    return w;
  }

  /** Changes since the branch was made from its parent. */
  private static Map<String, String> changes(Branch b) {
    return diff(b.fork, b.files);
  }

  /** Changes since the branch's chain left main: what a merge into main brings. */
  private static Map<String, String> allChanges(Branch b) {
    return diff(b.rootFork, b.files);
  }

  private static Map<String, String> diff(Map<String, String> from, Map<String, String> to) {
    Map<String, String> out = new TreeMap<>();
    Set<String> paths = new TreeSet<>(to.keySet());
    paths.addAll(from.keySet());
    for (String p : paths) {
      if (!Objects.equals(to.get(p), from.get(p))) {
        out.put(p, to.get(p));
      }
    }
    return out;
  }

  /** The changes git would report for {@code base...branch}. */
  private Map<String, String> changesAgainst(String branch, String base) {
    Branch b = branch(branch);
    branch(base);
    return base.equals(b.parent) ? changes(b) : allChanges(b);
  }

  private Map<String, String> forkAgainst(String branch, String base) {
    Branch b = branch(branch);
    return base.equals(b.parent) ? b.fork : b.rootFork;
  }

  // ---- the port ----

  @Override
  public Path root() {
    return root;
  }

  @Override
  public synchronized String currentBranch() {
    return current;
  }

  @Override
  public String defaultBranch(TaskName task) {
    return "feature/" + task;
  }

  @Override
  public synchronized java.util.SortedMap<TaskName, String> taskBranches() {
    java.util.SortedMap<TaskName, String> out = new java.util.TreeMap<>();
    for (String name : branches.keySet()) {
      if (name.startsWith("feature/") && TaskName.isValid(name.substring("feature/".length()))) {
        out.put(TaskName.of(name.substring("feature/".length())), name);
      }
    }
    return out;
  }

  @Override
  public synchronized List<Workspace> create(List<WorkspaceSpec> specs) {
    Set<String> names = new HashSet<>();
    for (WorkspaceSpec s : specs) {
      String br = s.branch().orElse(defaultBranch(s.task()));
      String base = s.base().orElse(current);
      if (!names.add(s.task().value()) || worktrees.containsKey(s.task())) {
        throw new WorkspaceException("worktree .worktrees/" + s.task() + " already exists");
      }
      if (branches.containsKey(br)) {
        throw new WorkspaceException("branch " + br + " already exists");
      }
      if (!branches.containsKey(base)) {
        throw new WorkspaceException("base " + base + " does not exist");
      }
      if (failCreate.remove(s.task())) {
        throw new WorkspaceException("git worktree add failed for " + s.task() + " (scripted)");
      }
    }
    List<Workspace> out = new ArrayList<>();
    for (WorkspaceSpec s : specs) {
      String br = s.branch().orElse(defaultBranch(s.task()));
      String base = s.base().orElse(current);
      Branch b = branches.get(base);
      boolean fromMain = b.parent == null;
      branches.put(br, new Branch(b.files, b.head, base, fromMain ? b.files : b.rootFork));
      Workspace w = new Workspace(s.task(), root.resolve(".worktrees").resolve(s.task().value()),
          ".worktrees/" + s.task(), br, base, b.head, OptionalInt.of(ports++));
      worktrees.put(s.task(), w);
      out.add(w);
    }
    return out;
  }

  @Override
  public synchronized Optional<String> setUp(Workspace workspace) {
    return Optional.ofNullable(setUpFailures.get(workspace.task()));
  }

  @Override
  public synchronized Optional<Workspace> find(TaskName task) {
    return lost.contains(task) ? Optional.empty() : Optional.ofNullable(worktrees.get(task));
  }

  @Override
  public synchronized List<WorkspaceInfo> list() {
    List<WorkspaceInfo> out = new ArrayList<>();
    out.add(new WorkspaceInfo(root, Optional.of(branch(current).head), Optional.of(current), true, false, false,
        Optional.empty()));
    for (Workspace w : worktrees.values()) {
      out.add(new WorkspaceInfo(w.path(), Optional.of(branch(w.branch()).head), Optional.of(w.branch()), false, false,
          lost.contains(w.task()), Optional.of(w.task())));
    }
    return out;
  }

  @Override
  public synchronized List<String> uncommitted(TaskName task) {
    worktree(task);
    return dirty.getOrDefault(task, List.of());
  }

  @Override
  public synchronized void remove(TaskName task, boolean force) {
    Workspace w = worktree(task);
    List<String> d = dirty.getOrDefault(task, List.of());
    if (!d.isEmpty() && !force) {
      throw new DirtyWorktreeException(w.path(), d);
    }
    worktrees.remove(task);
    dirty.remove(task);
  }

  @Override
  public synchronized void prune() {
    lost.forEach(t -> {
      worktrees.remove(t);
      dirty.remove(t);
    });
    lost.clear();
  }

  /** Prunes worktrees whose folders are gone, as git's repair does; nothing else can be half-done here. */
  @Override
  public synchronized RepairReport repair() {
    List<String> fixed = new ArrayList<>();
    lost.forEach(t -> fixed.add("forgot worktree " + worktrees.get(t).path() + ": its folder is gone"));
    prune();
    return new RepairReport(fixed, List.of());
  }

  @Override
  public synchronized Optional<String> resolve(String ref) {
    return Optional.ofNullable(branches.get(ref)).map(b -> b.head);
  }

  /** Like {@code git diff -M}, but only exact renames: a deleted file whose content was added elsewhere. */
  @Override
  public synchronized List<ChangedFile> changedFiles(String branch, String base) {
    Map<String, String> fork = forkAgainst(branch, base);
    Map<String, String> ch = new TreeMap<>(changesAgainst(branch, base));
    List<ChangedFile> out = new ArrayList<>();
    for (Map.Entry<String, String> e : renames(fork, ch).entrySet()) {
      out.add(new ChangedFile(ChangedFile.Type.RENAMED, e.getKey(), Optional.of(e.getValue())));
      ch.remove(e.getKey());
      ch.remove(e.getValue());
    }
    ch.forEach((p, c) -> out.add(ChangedFile.of(c == null ? ChangedFile.Type.DELETED
        : fork.containsKey(p) ? ChangedFile.Type.MODIFIED : ChangedFile.Type.ADDED, p)));
    return out;
  }

  /** New path to old path, for each added file whose content is exactly that of a deleted one. */
  private static Map<String, String> renames(Map<String, String> fork, Map<String, String> changes) {
    Map<String, String> out = new TreeMap<>();
    Set<String> used = new HashSet<>();
    changes.forEach((added, content) -> {
      if (content == null || fork.containsKey(added)) {
        return;
      }
      changes.entrySet().stream()
          .filter(d -> d.getValue() == null && !used.contains(d.getKey()) && content.equals(fork.get(d.getKey())))
          .findFirst()
          .ifPresent(d -> {
            used.add(d.getKey());
            out.put(added, d.getKey());
          });
    });
    return out;
  }

  @Override
  public synchronized DiffStat diffStat(String branch, String base) {
    Map<String, String> fork = forkAgainst(branch, base);
    Map<String, String> ch = new TreeMap<>(changesAgainst(branch, base));
    Map<String, String> renamed = renames(fork, ch);
    renamed.values().forEach(ch::remove); // an exact rename is one file with no lines changed
    int ins = 0;
    int del = 0;
    for (Map.Entry<String, String> e : ch.entrySet()) {
      if (!renamed.containsKey(e.getKey())) {
        int common = commonLines(fork.get(e.getKey()), e.getValue());
        ins += lines(e.getValue()) - common;
        del += lines(fork.get(e.getKey())) - common;
      }
    }
    return new DiffStat(ch.size(), ins, del);
  }

  /** Per-file counts as {@link #diffStat} counts them (no binary files in memory). */
  @Override
  public synchronized List<dev.porch.core.port.FileDiff> fileDiffs(String branch, String base) {
    Map<String, String> fork = forkAgainst(branch, base);
    Map<String, String> files = branch(branch).files;
    List<dev.porch.core.port.FileDiff> out = new ArrayList<>();
    for (ChangedFile c : changedFiles(branch, base)) {
      String before = fork.get(c.oldPath().orElse(c.path()));
      String after = files.get(c.path());
      int common = commonLines(before, after);
      out.add(new dev.porch.core.port.FileDiff(c.type(), c.path(), c.oldPath(), lines(after) - common, lines(before) - common,
          false));
    }
    return out;
  }

  /**
   * A patch in git's layout, simplified: each changed file's header, then its old lines removed and
   * new lines added in one hunk (no context, no minimal diff).
   */
  @Override
  public synchronized String patch(String branch, String base, List<String> paths, boolean color) {
    Map<String, String> fork = forkAgainst(branch, base);
    Map<String, String> files = branch(branch).files;
    StringBuilder sb = new StringBuilder();
    for (ChangedFile c : changedFiles(branch, base)) {
      if (!paths.isEmpty() && paths.stream().noneMatch(p -> c.path().equals(p) || c.path().startsWith(p + "/"))) {
        continue;
      }
      String old = c.oldPath().orElse(c.path());
      sb.append("diff --git a/").append(old).append(" b/").append(c.path()).append('\n');
      String before = fork.get(old);
      String after = files.get(c.path());
      sb.append("--- ").append(before == null ? "/dev/null" : "a/" + old).append('\n');
      sb.append("+++ ").append(after == null ? "/dev/null" : "b/" + c.path()).append('\n');
      sb.append("@@ -1,").append(lines(before)).append(" +1,").append(lines(after)).append(" @@\n");
      (before == null ? "" : before).lines().forEach(l -> sb.append('-').append(l).append('\n'));
      (after == null ? "" : after).lines().forEach(l -> sb.append('+').append(l).append('\n'));
    }
    return sb.toString();
  }

  /** The length of the longest common subsequence of lines, as a line diff counts unchanged lines. */
  private static int commonLines(String before, String after) {
    if (before == null || after == null) {
      return 0;
    }
    List<String> a = before.lines().toList();
    List<String> b = after.lines().toList();
    int[][] l = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        l[i][j] = a.get(i).equals(b.get(j)) ? l[i + 1][j + 1] + 1 : Math.max(l[i + 1][j], l[i][j + 1]);
      }
    }
    return l[0][0];
  }

  private static int lines(String s) {
    return s == null || s.isEmpty() ? 0 : (int) s.lines().count();
  }

  @Override
  public synchronized Optional<String> lastCommitMessage(String branch, String base) {
    List<String> m = branch(branch).messages;
    return m.isEmpty() ? Optional.empty() : Optional.of(m.get(m.size() - 1));
  }

  @Override
  public synchronized Optional<String> readFile(Workspace workspace, String relativePath) {
    if (relativePath.contains("..") || relativePath.startsWith("/")) {
      throw new IllegalArgumentException("path " + relativePath + " leaves the workspace");
    }
    Branch b = branches.get(workspace.branch());
    return b == null ? Optional.empty() : Optional.ofNullable(b.files.get(relativePath));
  }

  @Override
  public synchronized ConflictMatrix predictConflicts(List<String> names, String target) {
    branch(target);
    ConflictMatrix.Builder m = ConflictMatrix.builder(names);
    for (int i = 0; i < names.size(); i++) {
      for (int j = i + 1; j < names.size(); j++) {
        Map<String, String> a = allChanges(branch(names.get(i)));
        Map<String, String> b = allChanges(branch(names.get(j)));
        List<String> paths = new ArrayList<>();
        a.forEach((p, c) -> {
          if (b.containsKey(p) && !Objects.equals(b.get(p), c)) {
            paths.add(p);
          }
        });
        m.conflict(names.get(i), names.get(j), paths);
      }
    }
    return m.build();
  }

  @Override
  public synchronized MergeResult merge(String branch, String target, String message) {
    if (!target.equals(current)) {
      throw new WorkspaceException("target " + target + " is not checked out in the main worktree");
    }
    Branch b = branch(branch);
    Branch t = branch(target);
    Map<String, String> ch = allChanges(b);
    if (ch.isEmpty() || ch.entrySet().stream().allMatch(e -> Objects.equals(t.files.get(e.getKey()), e.getValue()))) {
      return MergeResult.upToDate(branch, target);
    }
    List<String> conflicts = new ArrayList<>();
    ch.forEach((p, c) -> {
      boolean targetMoved = !Objects.equals(t.files.get(p), b.rootFork.get(p));
      if (targetMoved && !Objects.equals(t.files.get(p), c)) {
        conflicts.add(p);
      }
    });
    if (!conflicts.isEmpty()) {
      return MergeResult.conflict(branch, target, conflicts);
    }
    commit(target, ch, message);
    t.merged.add(branch);
    merges.add(branch + "->" + target);
    return MergeResult.merged(branch, target, t.head);
  }

  @Override
  public synchronized int commitsAhead(String branch, String base) {
    return isMerged(branch, base) ? 0 : Math.max(1, branch(branch).messages.size());
  }

  /** Commits the files marked dirty (content {@code "left by the agent\n"}) and marks the worktree clean. */
  @Override
  public synchronized Optional<LeftoverCommit> commitLeftovers(Workspace workspace, String author, String message) {
    List<String> d = dirty.getOrDefault(workspace.task(), List.of());
    worktree(workspace.task());
    if (d.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> files = new TreeMap<>();
    d.forEach(f -> files.put(f, "left by the agent\n"));
    commit(workspace.branch(), files, message);
    dirty.remove(workspace.task());
    return Optional.of(new LeftoverCommit(d, branch(workspace.branch()).head));
  }

  @Override
  public synchronized boolean isMerged(String branch, String target) {
    Branch b = branch(branch);
    Branch t = branch(target);
    return t.merged.contains(branch) || allChanges(b).entrySet().stream()
        .allMatch(e -> Objects.equals(t.files.get(e.getKey()), e.getValue()));
  }

  @Override
  public synchronized void deleteBranch(String branch, String target, boolean force) {
    branch(branch);
    if (branch.equals(current)) {
      throw new BranchInUseException(branch, root);
    }
    for (Workspace w : worktrees.values()) {
      if (w.branch().equals(branch)) {
        throw new BranchInUseException(branch, w.path());
      }
    }
    if (!force && !isMerged(branch, target)) {
      throw new UnmergedBranchException(branch, target);
    }
    branches.remove(branch);
  }
}
