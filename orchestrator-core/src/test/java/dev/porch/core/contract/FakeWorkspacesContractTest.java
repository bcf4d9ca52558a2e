package dev.porch.core.contract;

import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceProvider;
import dev.porch.core.testing.FakeWorkspaces;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/**
 * The in-memory fake keeps the same contracts as the git adapter, so engine tests mean something;
 * joined from its two halves by {@code WorkspaceProvider.of}, it still does.
 */
class FakeWorkspacesContractTest {
  static final WorkspaceFixture.Harness FAKE = new WorkspaceFixture.Harness() {
    @Override
    public WorkspaceProvider provider(Map<String, String> files) {
      return new FakeWorkspaces(files);
    }

    @Override
    public void commit(WorkspaceProvider provider, Workspace ws, Map<String, String> files, String message) {
      fake(provider).commitTo(ws.task(), files, message);
    }

    @Override
    public void writeUncommitted(WorkspaceProvider provider, Workspace ws, String path, String content) {
      FakeWorkspaces fake = fake(provider);
      List<String> dirty = new ArrayList<>(fake.uncommitted(ws.task()));
      dirty.add(path);
      fake.setDirty(ws.task(), dirty);
    }

    @Override
    public void deleteFolder(WorkspaceProvider provider, Workspace ws) {
      fake(provider).deleteFolder(ws.task());
    }
  };

  /** The same fake, seen through {@code WorkspaceProvider.of(worktrees, branches)}. */
  static final WorkspaceFixture.Harness JOINED = new WorkspaceFixture.Harness() {
    private final Map<WorkspaceProvider, FakeWorkspaces> behind = new java.util.IdentityHashMap<>();

    @Override
    public synchronized WorkspaceProvider provider(Map<String, String> files) {
      FakeWorkspaces fake = new FakeWorkspaces(files);
      WorkspaceProvider joined = WorkspaceProvider.of(fake, fake);
      behind.put(joined, fake);
      return joined;
    }

    @Override
    public void commit(WorkspaceProvider provider, Workspace ws, Map<String, String> files, String message) {
      FAKE.commit(behind.get(provider), ws, files, message);
    }

    @Override
    public void writeUncommitted(WorkspaceProvider provider, Workspace ws, String path, String content) {
      FAKE.writeUncommitted(behind.get(provider), ws, path, content);
    }

    @Override
    public void deleteFolder(WorkspaceProvider provider, Workspace ws) {
      FAKE.deleteFolder(behind.get(provider), ws);
    }
  };

  private static FakeWorkspaces fake(WorkspaceProvider provider) {
    return (FakeWorkspaces) provider;
  }

  @Nested
  class Lifecycle extends WorktreesContract {
    @Override
    protected Harness harness() {
      return FAKE;
    }
  }

  @Nested
  class BranchesAndMerges extends BranchesContract {
    @Override
    protected Harness harness() {
      return FAKE;
    }
  }

  @Nested
  class JoinedLifecycle extends WorktreesContract {
    @Override
    protected Harness harness() {
      return JOINED;
    }
  }

  @Nested
  class JoinedBranchesAndMerges extends BranchesContract {
    @Override
    protected Harness harness() {
      return JOINED;
    }
  }
}
