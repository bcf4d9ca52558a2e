package dev.porch.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.TaskName;
import dev.porch.core.port.ChangedFile;
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

/** porch and the git CLI see each other's work; awkward but ordinary repositories work. */
class InteropTest {
  @TempDir Path tmp;
  private GitWorkspaces git;

  @AfterEach
  void close() {
    if (git != null) {
      git.close();
    }
  }

  private GitWorkspaces open(TestRepo r) {
    git = GitWorkspaces.open(r.dir());
    git.init();
    return git;
  }

  @Test
  void find_worktreeAddedByTheGitCli() {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of("a.txt", "a\n"));
    r.git("worktree", "add", "-q", ".worktrees/x", "-b", "feature/x");
    open(r);
    Workspace w = git.find(TaskName.of("x")).orElseThrow();
    assertThat(w.branch()).isEqualTo("feature/x");
    assertThat(w.base()).isEqualTo("main");
    assertThat(w.baseCommit()).isEqualTo(r.rev("main"));
    assertThat(git.list()).anySatisfy(i -> assertThat(i.task()).contains(TaskName.of("x")));
  }

  @Test
  void gitCli_seesWhatPorchMade() {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of("a.txt", "a\n"));
    Workspace w = open(r).create(List.of(WorkspaceSpec.of(TaskName.of("y")))).get(0);
    assertThat(r.git("worktree", "list", "--porcelain")).contains("worktree " + w.path(), "branch refs/heads/feature/y");
    assertThat(TestRepo.git(w.path(), "status", "--porcelain")).isEmpty();
    assertThat(TestRepo.git(w.path(), "rev-parse", "--abbrev-ref", "HEAD").strip()).isEqualTo("feature/y");
    r.git("worktree", "remove", w.path().toString());
    assertThat(git.find(TaskName.of("y"))).isEmpty();
  }

  @Test
  void create_spacesAndNonAsciiInPaths() {
    TestRepo r = TestRepo.withFiles(tmp.resolve("my repo é ü"), Map.of("naïve file.txt", "one\n"));
    open(r);
    List<Workspace> ws = git.create(List.of(WorkspaceSpec.of(TaskName.of("u-1")), WorkspaceSpec.of(TaskName.of("u-2"))));
    TestRepo.write(ws.get(0).path(), "naïve file.txt", "first\n");
    TestRepo.commitIn(ws.get(0).path(), "first");
    TestRepo.write(ws.get(1).path(), "naïve file.txt", "second\n");
    TestRepo.commitIn(ws.get(1).path(), "second");
    assertThat(git.changedFiles(ws.get(0).branch(), "main"))
        .containsExactly(ChangedFile.of(ChangedFile.Type.MODIFIED, "naïve file.txt"));
    assertThat(git.predictConflicts(List.of(ws.get(0).branch(), ws.get(1).branch()), "main").conflictingPairs())
        .singleElement().satisfies(c -> assertThat(c.paths()).containsExactly("naïve file.txt"));
    assertThat(git.merge(ws.get(0).branch(), "main", "Merge u-1").status()).isEqualTo(MergeResult.Status.MERGED);
    MergeResult c = git.merge(ws.get(1).branch(), "main", "Merge u-2");
    assertThat(c.conflicts()).containsExactly("naïve file.txt");
    git.remove(TaskName.of("u-1"), false);
    assertThat(git.find(TaskName.of("u-1"))).isEmpty();
  }

  @Test
  void create_gitLfsConfiguredButNotInstalled() {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of(
        ".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n",
        "big.bin", "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 3\n"));
    // what 'git lfs install' leaves behind; git-lfs itself is not on this machine
    r.git("config", "filter.lfs.smudge", "git-lfs smudge -- %f");
    r.git("config", "filter.lfs.process", "git-lfs filter-process");
    r.git("config", "filter.lfs.required", "true");
    assertThat(TestRepo.run(r.dir(), "worktree", "add", "-q", tmp.resolve("plain").toString(), "-b", "plain").exit())
        .as("plain git fails here, so the test means something").isNotZero();
    r.git("worktree", "prune");
    if (r.hasBranch("plain")) {
      r.git("branch", "-D", "plain");
    }

    Workspace w = open(r).create(List.of(WorkspaceSpec.of(TaskName.of("lfs")))).get(0);
    assertThat(w.path().resolve("big.bin")).content().startsWith("version https://git-lfs");
  }

  @Test
  void create_withSubmodule() {
    TestRepo sub = TestRepo.withFiles(tmp.resolve("sub"), Map.of("s.txt", "s\n"));
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of("a.txt", "a\n"));
    r.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.dir().toString(), "libs/sub");
    r.commit("add submodule");
    open(r);
    Workspace w = git.create(List.of(WorkspaceSpec.of(TaskName.of("s")))).get(0);
    assertThat(w.path().resolve(".gitmodules")).exists();
    assertThat(git.uncommitted(TaskName.of("s"))).isEmpty();
    git.remove(TaskName.of("s"), false);
    assertThat(git.find(TaskName.of("s"))).isEmpty();
  }

  @Test
  void create_autocrlf() throws Exception {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of("a.txt", "one\ntwo\n"));
    r.git("config", "core.autocrlf", "true");
    Workspace w = open(r).create(List.of(WorkspaceSpec.of(TaskName.of("crlf")))).get(0);
    assertThat(Files.readString(w.path().resolve("a.txt"))).isEqualTo("one\r\ntwo\r\n");
    assertThat(git.uncommitted(TaskName.of("crlf"))).isEmpty();
    git.remove(TaskName.of("crlf"), false);
  }
}
