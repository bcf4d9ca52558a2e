package dev.porch.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.TaskName;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** porch never touches a path outside .worktrees/, whatever names and links say. */
class SafetyTest {
  @TempDir Path tmp;
  private TestRepo repo;
  private GitWorkspaces git;
  private Path outside;

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepo.withFiles(tmp.resolve("repo"), Map.of("a.txt", "a\n"));
    git = GitWorkspaces.open(repo.dir());
    git.init();
    outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("precious.txt"), "keep me\n");
  }

  @AfterEach
  void close() {
    git.close();
  }

  @Test
  void create_symlinkedTaskFolderRefused() throws Exception {
    Files.createDirectories(repo.dir().resolve(".worktrees"));
    Files.createSymbolicLink(repo.dir().resolve(".worktrees/evil"), outside);
    assertThatThrownBy(() -> git.create(List.of(WorkspaceSpec.of(TaskName.of("evil")))))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("symbolic link");
    assertThat(outside.resolve("precious.txt")).hasContent("keep me");
  }

  @Test
  void create_symlinkedWorktreesFolderRefused() throws Exception {
    Files.createSymbolicLink(repo.dir().resolve(".worktrees"), outside);
    assertThatThrownBy(() -> git.create(List.of(WorkspaceSpec.of(TaskName.of("x")))))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("symbolic link");
    assertThat(outside).isDirectoryNotContaining(p -> p.getFileName().toString().equals("x"));
  }

  @Test
  void remove_taskFolderSwappedForASymlinkRefused() throws Exception {
    Workspace w = git.create(List.of(WorkspaceSpec.of(TaskName.of("swap")))).get(0);
    Path moved = tmp.resolve("moved");
    Files.move(w.path(), moved);
    Files.createSymbolicLink(w.path(), outside);
    assertThatThrownBy(() -> git.remove(TaskName.of("swap"), true)).isInstanceOf(WorkspaceException.class);
    assertThat(outside.resolve("precious.txt")).hasContent("keep me");
  }

  @Test
  void readFile_symlinkOutRefused() throws Exception {
    Workspace w = git.create(List.of(WorkspaceSpec.of(TaskName.of("r")))).get(0);
    Files.createSymbolicLink(w.path().resolve("link.txt"), outside.resolve("precious.txt"));
    Files.createSymbolicLink(w.path().resolve("dir"), outside);
    assertThatThrownBy(() -> git.readFile(w, "link.txt")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> git.readFile(w, "dir/precious.txt")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> git.readFile(w, outside.resolve("precious.txt").toString()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void remove_lockedNeedsForce() {
    Workspace w = git.create(List.of(WorkspaceSpec.of(TaskName.of("locked")))).get(0);
    repo.git("worktree", "lock", w.path().toString());
    assertThat(git.list()).anySatisfy(i -> assertThat(i.locked()).isTrue());
    assertThatThrownBy(() -> git.remove(TaskName.of("locked"), false)).hasMessageContaining("locked");
    git.remove(TaskName.of("locked"), true);
    assertThat(w.path()).doesNotExist();
  }

  @Test
  void remove_unknownTask() {
    assertThatThrownBy(() -> git.remove(TaskName.of("nope"), true))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("no worktree");
  }
}
