package dev.porch.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.TaskName;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .porch.json's share: folders a new worktree gets as a clone, a symlink or a copy, on real git. */
class ShareTest {
  @TempDir Path tmp;
  private GitWorkspaces git;

  @AfterEach
  void close() {
    if (git != null) {
      git.close();
    }
  }

  private TestRepo repo(String gitignore) {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of(".gitignore", gitignore, "package.json", "{}\n"));
    r.write("node_modules/left-pad/index.js", "module.exports = 1;\n")
        .write("node_modules/left-pad/package.json", "{\"name\": \"left-pad\"}\n")
        .write("node_modules/.bin/tool", "#!/bin/sh\n");
    return r;
  }

  private Workspace make(String folder, String mode, TestRepo r) {
    git = GitWorkspaces.builder(r.dir()).share(folder, mode).trustStore(tmp.resolve("trusted.json")).build();
    git.init();
    Workspace w = git.create(List.of(WorkspaceSpec.of(TaskName.of("s-1")))).get(0);
    assertThat(git.setUp(w)).isEmpty();
    return w;
  }

  @Test
  void symlink_pointsAtTheMainFolder_andGitSeesNothingNew() throws Exception {
    TestRepo r = repo("node_modules/\n"); // matches folders only: porch must make the link ignored too
    Workspace w = make("node_modules", "symlink", r);

    Path link = w.path().resolve("node_modules");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(link.resolve("left-pad/index.js")).hasContent("module.exports = 1;");
    assertThat(git.uncommitted(TaskName.of("s-1"))).as("the link shows as no change").isEmpty();
    assertThat(git.setupNotes(TaskName.of("s-1"))).singleElement().asString().matches("shared node_modules as a symlink in \\d+ ms");
    git.remove(TaskName.of("s-1"), false);
    assertThat(r.dir().resolve("node_modules/left-pad/index.js")).as("removing the worktree leaves the main folder").exists();
  }

  @Test
  void copy_isAPlainCopyThatWritesNothingBack() throws Exception {
    TestRepo r = repo("node_modules\n");
    Workspace w = make("node_modules", "copy", r);

    Path copied = w.path().resolve("node_modules");
    assertThat(Files.isSymbolicLink(copied)).isFalse();
    assertThat(copied.resolve("left-pad/package.json")).hasContent("{\"name\": \"left-pad\"}");
    Files.writeString(copied.resolve("left-pad/index.js"), "changed\n");
    assertThat(r.dir().resolve("node_modules/left-pad/index.js")).hasContent("module.exports = 1;");
    assertThat(git.setupNotes(TaskName.of("s-1"))).singleElement().asString().matches("shared node_modules as a plain copy in \\d+ ms");
  }

  @Test
  void auto_clonesWhereTheFileSystemCan_elseCopiesAndSaysWhy() throws Exception {
    TestRepo r = repo("node_modules\n");
    Workspace w = make("node_modules", "auto", r);

    assertThat(w.path().resolve("node_modules/left-pad/index.js")).hasContent("module.exports = 1;");
    assertThat(Files.isSymbolicLink(w.path().resolve("node_modules"))).isFalse();
    String note = git.setupNotes(TaskName.of("s-1")).get(0);
    // ext4 and tmpfs cannot clone; btrfs, XFS (reflink=1) and APFS can: either way the line says which
    assertThat(note).matches("shared node_modules as (a clone in \\d+ ms|a plain copy in \\d+ ms \\(.+\\))");
    assertThat(w.path().resolve("node_modules/.bin/tool")).exists();
    // where cloning fails, one file told porch so: cp -R was not run over the whole tree (on ext4 it
    // makes every file empty, failing each, before porch removed them all and copied)
    assertThat(note).doesNotContain(w.path().resolve("node_modules") + "/");
    assertThat(w.path().toFile().list()).as("the probe's copy is gone").noneMatch(f -> f.startsWith(".porch-clone-probe"));
  }

  @Test
  void aCloneOrLink_saysWhatItSavedAgainstTheLastPlainCopyHere() throws Exception {
    TestRepo r = repo("node_modules\n");
    make("node_modules", "copy", r);
    String copy = git.setupNotes(TaskName.of("s-1")).get(0);
    long copyMs = Long.parseLong(copy.replaceAll(".* in (\\d+) ms$", "$1"));
    git.close();
    git = GitWorkspaces.builder(r.dir()).share("node_modules", "symlink").trustStore(tmp.resolve("trusted.json")).build();
    Workspace w = git.create(List.of(WorkspaceSpec.of(TaskName.of("s-2")))).get(0);
    assertThat(git.setUp(w)).isEmpty();

    assertThat(git.setupNotes(TaskName.of("s-2"))).singleElement().asString()
        .matches("shared node_modules as a symlink in \\d+ ms, about \\d+ ms saved against the last plain copy of it here \\("
            + copyMs + " ms\\)");
  }

  @Test
  void aFolderGitDoesNotIgnore_isNotShared() throws Exception {
    TestRepo r = repo("*.log\n");
    Workspace w = make("node_modules", "symlink", r);

    assertThat(w.path().resolve("node_modules")).doesNotExist();
    assertThat(git.setupNotes(TaskName.of("s-1"))).containsExactly(
        "not shared node_modules: git does not ignore it (a tracked folder comes with the checkout)");
  }

  @Test
  void aMissingFolder_isNotSharedAndNothingFails() {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of(".gitignore", ".venv\n"));
    make(".venv", "auto", r);
    assertThat(git.setupNotes(TaskName.of("s-1"))).containsExactly(
        "not shared .venv: the main worktree has no such folder (nothing to share yet)");
  }

  @Test
  void share_refusesFoldersOutsideTheRepositoryAndUnknownModes() {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of("a.txt", "a\n"));
    GitWorkspaces.Builder b = GitWorkspaces.builder(r.dir());
    assertThatThrownBy(() -> b.share("../elsewhere", "copy")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.share("/abs", "copy")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.share(".git", "copy")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.share("node_modules", "hardlink")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("auto, clone, symlink or copy");
    b.share("node_modules/", "copy");
    assertThatThrownBy(() -> b.share("node_modules", "auto")).isInstanceOf(IllegalStateException.class);
  }
}
