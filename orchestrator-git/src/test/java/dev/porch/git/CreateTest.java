package dev.porch.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.TaskName;
import dev.porch.core.error.DirtyWorktreeException;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.MergeResult;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** create's refusals and the repository states porch must explain rather than half-handle. */
class CreateTest {
  @TempDir Path tmp;
  private GitWorkspaces git;

  @AfterEach
  void close() {
    if (git != null) {
      git.close();
    }
  }

  private TestRepo repo() {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of("a.txt", "a\n"));
    git = GitWorkspaces.open(r.dir());
    git.init();
    return r;
  }

  private static WorkspaceSpec spec(String task) {
    return WorkspaceSpec.of(TaskName.of(task));
  }

  @Test
  void create_existingFolder() throws Exception {
    TestRepo r = repo();
    Files.createDirectories(r.dir().resolve(".worktrees/x"));
    assertThatThrownBy(() -> git.create(List.of(spec("x"))))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("already exists");
    assertThat(r.hasBranch("feature/x")).isFalse();
  }

  @Test
  void create_existingBranchNamesItAndMakesNothing() {
    TestRepo r = repo();
    r.branch("feature/t-3");
    List<WorkspaceSpec> five = List.of(spec("t-1"), spec("t-2"), spec("t-3"), spec("t-4"), spec("t-5"));
    assertThatThrownBy(() -> git.create(five))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("feature/t-3 already exists");
    assertThat(git.list()).hasSize(1);
    assertThat(r.git("branch", "--list").lines().map(String::strip)).containsExactlyInAnyOrder("* main", "feature/t-3");
  }

  @Test
  void create_detachedHeadNeedsABase() {
    TestRepo r = repo();
    r.git("checkout", "-q", "--detach");
    assertThatThrownBy(() -> git.create(List.of(spec("d"))))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("detached")
        .satisfies(e -> assertThat(((WorkspaceException) e).hints()).isNotEmpty());
    assertThatThrownBy(git::currentBranch).hasMessageContaining("detached");
    Workspace w = git.create(List.of(WorkspaceSpec.of(TaskName.of("d"), "main"))).get(0);
    assertThat(w.base()).isEqualTo("main");
  }

  @Test
  void create_noCommits() {
    TestRepo r = TestRepo.init(tmp.resolve("empty"));
    git = GitWorkspaces.open(r.dir());
    assertThatThrownBy(() -> git.create(List.of(spec("x")))).isInstanceOf(WorkspaceException.class).hasMessageContaining("no commits");
    assertThatThrownBy(() -> git.create(List.of(WorkspaceSpec.of(TaskName.of("x"), "main"))))
        .hasMessageContaining("no commits");
    assertThat(git.list()).hasSize(1);
  }

  @Test
  void open_bareRepository() {
    Path bare = tmp.resolve("bare.git");
    TestRepo.git(tmp, "init", "-q", "--bare", bare.toString());
    assertThatThrownBy(() -> GitWorkspaces.open(bare)).isInstanceOf(WorkspaceException.class).hasMessageContaining("bare");
  }

  @Test
  void folderDeletedByHand_pruneRecovers() {
    TestRepo r = repo();
    Workspace w = git.create(List.of(spec("gone"))).get(0);
    TestRepo.deleteTree(w.path());
    assertThat(git.find(TaskName.of("gone"))).isEmpty();
    assertThat(git.list()).anySatisfy(i -> assertThat(i.prunable()).isTrue());
    assertThatThrownBy(() -> git.create(List.of(WorkspaceSpec.of(TaskName.of("gone")).withBranch("other"))))
        .hasMessageContaining("prune");
    git.prune();
    assertThat(git.list()).hasSize(1);
    assertThat(git.create(List.of(WorkspaceSpec.of(TaskName.of("gone")).withBranch("other")))).hasSize(1);
    assertThat(r.hasBranch("feature/gone")).isTrue();
  }

  @Test
  void remove_folderDeletedByHandPrunes() {
    repo();
    Workspace w = git.create(List.of(spec("gone"))).get(0);
    TestRepo.deleteTree(w.path());
    git.remove(TaskName.of("gone"), false);
    assertThat(git.list()).hasSize(1);
  }

  @Test
  void merge_dirtyMainRefused() {
    TestRepo r = repo();
    Workspace w = git.create(List.of(spec("m"))).get(0);
    TestRepo.write(w.path(), "b.txt", "b\n");
    TestRepo.commitIn(w.path(), "b");
    r.write("a.txt", "changed\n");
    assertThatThrownBy(() -> git.merge(w.branch(), "main", "Merge m"))
        .isInstanceOfSatisfying(DirtyWorktreeException.class, e -> assertThat(e.files()).containsExactly("a.txt"));
    assertThat(r.git("status", "--porcelain")).isEqualTo(" M a.txt\n");
  }

  @Test
  void merge_targetNotCheckedOut() {
    TestRepo r = repo();
    r.branch("release");
    Workspace w = git.create(List.of(spec("m"))).get(0);
    assertThatThrownBy(() -> git.merge(w.branch(), "release", "Merge m"))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("not release");
  }

  @Test
  void merge_untrackedFileInTheWayFailsCleanly() {
    TestRepo r = repo();
    Workspace w = git.create(List.of(spec("m"))).get(0);
    TestRepo.write(w.path(), "b.txt", "from branch\n");
    TestRepo.commitIn(w.path(), "b");
    r.write("b.txt", "untracked in main\n");
    String before = r.rev("HEAD");
    MergeResult m = git.merge(w.branch(), "main", "Merge m");
    assertThat(m.status()).isEqualTo(MergeResult.Status.FAILED);
    assertThat(m.message()).hasValueSatisfying(s -> assertThat(s).contains("b.txt"));
    assertThat(r.rev("HEAD")).isEqualTo(before);
    assertThat(r.git("status", "--porcelain")).isEqualTo("?? b.txt\n");
  }
}
