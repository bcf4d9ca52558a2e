package dev.porch.core.contract;

import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceProvider;
import dev.porch.core.testing.FakeWorkspaces;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The in-memory fake keeps the same contract as the git adapter, so engine tests mean something. */
class FakeWorkspacesContractTest extends WorkspaceProviderContract {
  @Override
  protected WorkspaceProvider provider(Map<String, String> files) {
    return new FakeWorkspaces(files);
  }

  @Override
  protected void commit(WorkspaceProvider provider, Workspace ws, Map<String, String> files, String message) {
    ((FakeWorkspaces) provider).commitTo(ws.task(), files, message);
  }

  @Override
  protected void writeUncommitted(WorkspaceProvider provider, Workspace ws, String path, String content) {
    FakeWorkspaces fake = (FakeWorkspaces) provider;
    List<String> dirty = new ArrayList<>(fake.uncommitted(ws.task()));
    dirty.add(path);
    fake.setDirty(ws.task(), dirty);
  }

  @Override
  protected void deleteFolder(WorkspaceProvider provider, Workspace ws) {
    ((FakeWorkspaces) provider).deleteFolder(ws.task());
  }
}
