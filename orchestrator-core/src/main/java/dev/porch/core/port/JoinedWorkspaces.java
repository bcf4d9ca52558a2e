package dev.porch.core.port;

import dev.porch.core.RepairReport;
import dev.porch.core.TaskName;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@link WorkspaceProvider#of}: each call to the half that declares it. */
record JoinedWorkspaces(Worktrees worktrees, Branches branchHalf) implements WorkspaceProvider {
  @Override
  public Path root() {
    return worktrees.root();
  }

  @Override
  public String defaultBranch(TaskName task) {
    return worktrees.defaultBranch(task);
  }

  @Override
  public List<Workspace> create(List<WorkspaceSpec> specs) {
    return worktrees.create(specs);
  }

  @Override
  public Optional<String> setUp(Workspace workspace) {
    return worktrees.setUp(workspace);
  }

  @Override
  public java.util.SortedMap<TaskName, String> taskBranches() {
    return worktrees.taskBranches();
  }

  @Override
  public Optional<Workspace> find(TaskName task) {
    return worktrees.find(task);
  }

  @Override
  public Optional<String> checkedOut(Workspace workspace) {
    return worktrees.checkedOut(workspace);
  }

  @Override
  public List<WorkspaceInfo> list() {
    return worktrees.list();
  }

  @Override
  public List<String> uncommitted(TaskName task) {
    return worktrees.uncommitted(task);
  }

  @Override
  public Optional<LeftoverCommit> commitLeftovers(Workspace workspace, String author, String message) {
    return worktrees.commitLeftovers(workspace, author, message);
  }

  @Override
  public void remove(TaskName task, boolean force) {
    worktrees.remove(task, force);
  }

  @Override
  public void prune() {
    worktrees.prune();
  }

  @Override
  public RepairReport repair() {
    return worktrees.repair();
  }

  @Override
  public Optional<String> readFile(Workspace workspace, String relativePath) {
    return worktrees.readFile(workspace, relativePath);
  }

  @Override
  public String currentBranch() {
    return branchHalf.currentBranch();
  }

  @Override
  public int commitsAhead(String branch, String base) {
    return branchHalf.commitsAhead(branch, base);
  }

  @Override
  public Optional<String> resolve(String ref) {
    return branchHalf.resolve(ref);
  }

  @Override
  public List<ChangedFile> changedFiles(String branch, String base) {
    return branchHalf.changedFiles(branch, base);
  }

  @Override
  public DiffStat diffStat(String branch, String base) {
    return branchHalf.diffStat(branch, base);
  }

  @Override
  public List<FileDiff> fileDiffs(String branch, String base) {
    return branchHalf.fileDiffs(branch, base);
  }

  @Override
  public String patch(String branch, String base, List<String> paths, boolean color) {
    return branchHalf.patch(branch, base, paths, color);
  }

  @Override
  public Optional<String> lastCommitMessage(String branch, String base) {
    return branchHalf.lastCommitMessage(branch, base);
  }

  @Override
  public ConflictMatrix predictConflicts(List<String> branches, String target) {
    return branchHalf.predictConflicts(branches, target);
  }

  @Override
  public MergeResult merge(String branch, String target, String message) {
    return branchHalf.merge(branch, target, message);
  }

  @Override
  public boolean isMerged(String branch, String target) {
    return branchHalf.isMerged(branch, target);
  }

  @Override
  public void deleteBranch(String branch, String target, boolean force) {
    branchHalf.deleteBranch(branch, target, force);
  }
}
