package dev.porch.core.contract;

import dev.porch.core.TaskName;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceProvider;
import dev.porch.core.port.WorkspaceSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixture both workspace contracts share ({@link WorktreesContract}, {@link BranchesContract}):
 * a subclass says how to make a provider over a fresh repository and how to change files in a
 * workspace (the ports themselves never write a working tree). An implementation of one half
 * alone joins it to the git adapter's other half with {@code WorkspaceProvider.of}.
 */
public abstract class WorkspaceFixture {
  /** How to make and change repositories for the contracts: one per implementation under test. */
  public interface Harness {
    /**
     * A provider over a fresh repository whose current branch is {@code main}, with one commit
     * holding {@code files} (repository-relative path to content).
     */
    WorkspaceProvider provider(Map<String, String> files);

    /**
     * Writes {@code files} in the workspace (a null content deletes the file), then commits
     * everything on its branch with {@code message}.
     */
    void commit(WorkspaceProvider provider, Workspace ws, Map<String, String> files, String message);

    /** Writes one file in the workspace without committing it. */
    void writeUncommitted(WorkspaceProvider provider, Workspace ws, String path, String content);

    /**
     * Deletes the workspace's worktree folder by hand, behind the provider's back (as a user's
     * {@code rm -rf} does); git's admin entry stays until pruned.
     */
    void deleteFolder(WorkspaceProvider provider, Workspace ws);
  }

  /** The implementation under test. */
  protected abstract Harness harness();

  protected final WorkspaceProvider provider(Map<String, String> files) {
    return harness().provider(files);
  }

  protected final void commit(WorkspaceProvider provider, Workspace ws, Map<String, String> files, String message) {
    harness().commit(provider, ws, files, message);
  }

  protected final void writeUncommitted(WorkspaceProvider provider, Workspace ws, String path, String content) {
    harness().writeUncommitted(provider, ws, path, content);
  }

  protected final void deleteFolder(WorkspaceProvider provider, Workspace ws) {
    harness().deleteFolder(provider, ws);
  }

  /** A map keeping its order and allowing null values (deletions): {@code files("a", "1", "b", null)}. */
  protected static Map<String, String> files(String... pathsAndContents) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      m.put(pathsAndContents[i], pathsAndContents[i + 1]);
    }
    return m;
  }

  static TaskName t(String name) {
    return TaskName.of(name);
  }

  static Workspace one(WorkspaceProvider p, String task) {
    return p.create(List.of(WorkspaceSpec.of(t(task)))).get(0);
  }

}
