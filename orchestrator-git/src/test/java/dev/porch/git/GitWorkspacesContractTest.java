package dev.porch.git;

import dev.porch.core.contract.WorkspaceProviderContract;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The port's contract, on real git. */
class GitWorkspacesContractTest extends WorkspaceProviderContract {
  @TempDir Path tmp;
  private final List<GitWorkspaces> open = new ArrayList<>();

  @AfterEach
  void close() {
    open.forEach(GitWorkspaces::close);
  }

  @Override
  protected WorkspaceProvider provider(Map<String, String> files) {
    TestRepo repo = TestRepo.withFiles(tmp.resolve("repo-" + open.size()), files);
    GitWorkspaces git = GitWorkspaces.open(repo.dir());
    git.init();
    open.add(git);
    return git;
  }

  @Override
  protected void commit(WorkspaceProvider provider, Workspace ws, Map<String, String> files, String message) {
    files.forEach((path, content) -> {
      if (content == null) {
        try {
          Files.delete(ws.path().resolve(path));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else {
        TestRepo.write(ws.path(), path, content);
      }
    });
    TestRepo.commitIn(ws.path(), message);
  }

  @Override
  protected void writeUncommitted(WorkspaceProvider provider, Workspace ws, String path, String content) {
    TestRepo.write(ws.path(), path, content);
  }

  @Override
  protected void deleteFolder(WorkspaceProvider provider, Workspace ws) {
    try (java.util.stream.Stream<Path> all = Files.walk(ws.path())) {
      for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
