package dev.porch.agent.testing;

import dev.porch.core.TaskName;
import dev.porch.core.port.ChangedFile;
import dev.porch.core.port.ConflictMatrix;
import dev.porch.core.port.DiffStat;
import dev.porch.core.port.MergeResult;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceInfo;
import dev.porch.core.port.WorkspaceProvider;
import dev.porch.core.port.WorkspaceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A tiny {@link WorkspaceProvider} for evaluator tests: a fixed diff and file list, files read from
 * the workspace folder. Everything else is unsupported.
 */
public final class CannedWorkspaces implements WorkspaceProvider {
  private final Path root;
  private final DiffStat diff;
  private final List<ChangedFile> files;

  /**
   * @param root the repository root
   * @param diff what {@link #diffStat} answers
   * @param files what {@link #changedFiles} answers
   */
  public CannedWorkspaces(Path root, DiffStat diff, List<ChangedFile> files) {
    this.root = root;
    this.diff = diff;
    this.files = List.copyOf(files);
  }

  @Override
  public Path root() {
    return root;
  }

  @Override
  public DiffStat diffStat(String branch, String base) {
    return diff;
  }

  @Override
  public List<ChangedFile> changedFiles(String branch, String base) {
    return files;
  }

  @Override
  public Optional<String> readFile(Workspace workspace, String relativePath) {
    Path p = workspace.path().resolve(relativePath).normalize();
    if (!p.startsWith(workspace.path())) {
      throw new IllegalArgumentException(relativePath + " leaves the workspace");
    }
    try {
      return Files.isRegularFile(p) ? Optional.of(Files.readString(p)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String currentBranch() {
    return "main";
  }

  @Override
  public String defaultBranch(TaskName task) {
    return "feature/" + task;
  }

  @Override
  public List<Workspace> create(List<WorkspaceSpec> specs) {
    throw new UnsupportedOperationException();
  }

  private List<String> uncommitted = List.of();

  @Override
  public Optional<Workspace> find(TaskName task) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<WorkspaceInfo> list() {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<String> uncommitted(TaskName task) {
    return uncommitted;
  }

  /** The worktree differs from its branch's last commit by these files (nothing by default). */
  public CannedWorkspaces withUncommitted(List<String> files) {
    this.uncommitted = List.copyOf(files);
    return this;
  }

  @Override
  public int commitsAhead(String branch, String base) {
    return 1;
  }

  @Override
  public void remove(TaskName task, boolean force) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void prune() {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<String> resolve(String ref) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<String> lastCommitMessage(String branch, String base) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ConflictMatrix predictConflicts(List<String> branches, String target) {
    throw new UnsupportedOperationException();
  }

  @Override
  public MergeResult merge(String branch, String target, String message) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean isMerged(String branch, String target) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void deleteBranch(String branch, String target, boolean force) {
    throw new UnsupportedOperationException();
  }
}
