package dev.porch.git;

import dev.porch.core.contract.BranchesContract;
import dev.porch.core.contract.WorkspaceFixture;
import dev.porch.core.contract.WorktreesContract;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** Both workspace contracts, on real git. */
class GitWorkspacesContractTest {
  @TempDir Path tmp;
  private final GitHarness git = new GitHarness();

  @AfterEach
  void close() {
    git.open.forEach(GitWorkspaces::close);
  }

  @Nested
  class Lifecycle extends WorktreesContract {
    @Override
    protected Harness harness() {
      return git;
    }
  }

  @Nested
  class BranchesAndMerges extends BranchesContract {
    @Override
    protected Harness harness() {
      return git;
    }
  }

  private final class GitHarness implements WorkspaceFixture.Harness {
    private final List<GitWorkspaces> open = new ArrayList<>();

    @Override
    public WorkspaceProvider provider(Map<String, String> files) {
      TestRepo repo = TestRepo.withFiles(tmp.resolve("repo-" + open.size()), files);
      GitWorkspaces g = GitWorkspaces.open(repo.dir());
      g.init();
      open.add(g);
      return g;
    }

    @Override
    public void commit(WorkspaceProvider provider, Workspace ws, Map<String, String> files, String message) {
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
    public void writeUncommitted(WorkspaceProvider provider, Workspace ws, String path, String content) {
      TestRepo.write(ws.path(), path, content);
    }

    @Override
    public void deleteFolder(WorkspaceProvider provider, Workspace ws) {
      try (Stream<Path> all = Files.walk(ws.path())) {
        for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
