package dev.porch.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.RepairReport;
import dev.porch.core.TaskName;
import dev.porch.core.error.BranchInUseException;
import dev.porch.core.error.DirtyWorktreeException;
import dev.porch.core.error.UnmergedBranchException;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.ChangedFile;
import dev.porch.core.port.ConflictMatrix;
import dev.porch.core.port.MergeResult;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceInfo;
import dev.porch.core.port.WorkspaceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitWorkspacesTest {
  @TempDir Path tmp;
  TestRepo repo;
  GitWorkspaces git;

  @BeforeEach
  void setUp() {
    repo = TestRepo.withFiles(tmp.resolve("repo with spaces é"), Map.of("README.md", "# test\n", "src/app.txt", "one\ntwo\nthree\n"));
    git = GitWorkspaces.open(repo.dir());
  }

  @AfterEach
  void tearDown() {
    git.close();
  }

  private static TaskName t(String s) {
    return TaskName.of(s);
  }

  private List<Workspace> make(String... tasks) {
    List<WorkspaceSpec> specs = new ArrayList<>();
    for (String s : tasks) {
      specs.add(WorkspaceSpec.of(t(s), "main"));
    }
    return git.create(specs);
  }

  @Test
  void create_makesWorktreesOnFeatureBranchesWithDistinctPorts() {
    List<Workspace> ws = make("auth-1", "auth-2", "auth-3");
    assertThat(ws).extracting(Workspace::branch).containsExactly("feature/auth-1", "feature/auth-2", "feature/auth-3");
    assertThat(ws).extracting(Workspace::relativePath).containsExactly(".worktrees/auth-1", ".worktrees/auth-2", ".worktrees/auth-3");
    assertThat(ws.get(0).path().resolve("src/app.txt")).hasContent("one\ntwo\nthree");
    assertThat(ws.stream().map(w -> w.port().getAsInt()).distinct().count()).isEqualTo(3);
    String list = repo.git("worktree", "list");
    assertThat(list).contains(".worktrees/auth-1").contains("[feature/auth-3]");
    assertThat(git.find(t("auth-2")).orElseThrow().port()).isEqualTo(ws.get(1).port());
  }

  @Test
  void create_failureRollsBackEverything() {
    repo.git("branch", "feature/x-3");
    assertThatThrownBy(() -> make("x-1", "x-2", "x-3", "x-4", "x-5"))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("branch feature/x-3 already exists");
    assertThat(repo.git("worktree", "list").lines().count()).isEqualTo(1);
    assertThat(repo.git("branch", "--list", "feature/x-1", "feature/x-2")).isBlank();
    assertThat(repo.dir().resolve(".worktrees/x-1")).doesNotExist();
  }

  @Test
  void create_existingFolderMissingBaseNoCommitsAndBare() throws Exception {
    Files.createDirectories(repo.dir().resolve(".worktrees/busy"));
    assertThatThrownBy(() -> make("busy")).hasMessageContaining("already exists");
    assertThatThrownBy(() -> git.create(List.of(WorkspaceSpec.of(t("a"), "nope"))))
        .hasMessageContaining("base branch 'nope' does not exist");
    TestRepo empty = TestRepo.init(tmp.resolve("empty"));
    assertThatThrownBy(() -> GitWorkspaces.open(empty.dir()).create(List.of(WorkspaceSpec.of(t("a")))))
        .hasMessageContaining("no commits yet");
    TestRepo.git(tmp, "init", "-q", "--bare", "bare.git");
    assertThatThrownBy(() -> GitWorkspaces.open(tmp.resolve("bare.git"))).hasMessageContaining("bare");
    assertThatThrownBy(() -> GitWorkspaces.open(tmp)).hasMessageContaining("not a git repository");
  }

  @Test
  void currentBranch_detachedHead() {
    repo.git("checkout", "-q", "--detach");
    assertThatThrownBy(() -> git.create(List.of(WorkspaceSpec.of(t("a")))))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("detached");
  }

  @Test
  void remove_refusesADirtyWorktreeUnlessForced() {
    Workspace w = make("d-1").get(0);
    TestRepo.write(w.path(), "new.txt", "untracked\n");
    assertThatThrownBy(() -> git.remove(t("d-1"), false))
        .isInstanceOfSatisfying(DirtyWorktreeException.class, e -> assertThat(e.files()).containsExactly("new.txt"));
    assertThat(w.path()).exists();
    git.remove(t("d-1"), true);
    assertThat(w.path()).doesNotExist();
  }

  @Test
  void remove_aFolderDeletedByHandIsPruned() throws Exception {
    Workspace w = make("gone").get(0);
    deleteTree(w.path());
    assertThat(git.list()).anyMatch(i -> i.task().equals(Optional.of(t("gone"))) && i.prunable());
    git.remove(t("gone"), false);
    assertThat(git.list()).noneMatch(i -> i.task().isPresent());
  }

  @Test
  void remove_refusesASymlinkedTaskFolder() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("precious.txt"), "keep me");
    Files.createDirectories(repo.dir().resolve(".worktrees"));
    Files.createSymbolicLink(repo.dir().resolve(".worktrees/evil"), outside);
    assertThatThrownBy(() -> git.remove(t("evil"), true)).hasMessageContaining("symbolic link");
    assertThat(outside.resolve("precious.txt")).exists();
  }

  @Test
  void deleteBranch_refusesUnmergedAndCheckedOut() {
    Workspace w = make("b-1").get(0);
    TestRepo.write(w.path(), "f.txt", "x\n");
    TestRepo.commitIn(w.path(), "work");
    assertThatThrownBy(() -> git.deleteBranch("feature/b-1", "main", true)).isInstanceOf(BranchInUseException.class);
    git.remove(t("b-1"), false);
    assertThatThrownBy(() -> git.deleteBranch("feature/b-1", "main", false)).isInstanceOf(UnmergedBranchException.class);
    assertThat(repo.git("branch", "--list", "feature/b-1")).contains("feature/b-1");
    git.deleteBranch("feature/b-1", "main", true);
    assertThat(repo.git("branch", "--list", "feature/b-1")).isBlank();
  }

  @Test
  void changedFiles_matchesGitDiffNameStatusWithRenames() {
    Workspace w = make("c-1").get(0);
    TestRepo.write(w.path(), "added.txt", "new\n");
    TestRepo.git(w.path(), "mv", "src/app.txt", "src/renamed.txt");
    TestRepo.commitIn(w.path(), "changes");
    assertThat(git.changedFiles("feature/c-1", "main")).containsExactlyInAnyOrder(
        ChangedFile.of(ChangedFile.Type.ADDED, "added.txt"),
        new ChangedFile(ChangedFile.Type.RENAMED, "src/renamed.txt", Optional.of("src/app.txt")));
    assertThat(git.diffStat("feature/c-1", "main").insertions()).isEqualTo(1);
    assertThat(git.lastCommitMessage("feature/c-1", "main")).contains("changes");
  }

  @Test
  void predictAndMerge_conflictLeavesRepoUntouched() {
    List<Workspace> ws = make("m-1", "m-2", "m-3");
    TestRepo.write(ws.get(0).path(), "src/app.txt", "one\nTWO by 1\nthree\n");
    TestRepo.commitIn(ws.get(0).path(), "edit 1");
    TestRepo.write(ws.get(1).path(), "src/app.txt", "one\nTWO by 2\nthree\n");
    TestRepo.commitIn(ws.get(1).path(), "edit 2");
    TestRepo.write(ws.get(2).path(), "other.txt", "x\n");
    TestRepo.commitIn(ws.get(2).path(), "edit 3");
    ConflictMatrix m = git.predictConflicts(List.of("feature/m-1", "feature/m-2", "feature/m-3"), "main");
    assertThat(m.conflictingPairs()).containsExactly(new ConflictMatrix.Conflict("feature/m-1", "feature/m-2", List.of("src/app.txt")));

    MergeResult first = git.merge("feature/m-1", "main", "Merge m-1: edit");
    assertThat(first.status()).isEqualTo(MergeResult.Status.MERGED);
    assertThat(repo.git("log", "-1", "--format=%P")).as("--no-ff").contains(" ");
    String head = repo.git("rev-parse", "HEAD");
    MergeResult second = git.merge("feature/m-2", "main", "Merge m-2: edit");
    assertThat(second.status()).isEqualTo(MergeResult.Status.CONFLICT);
    assertThat(second.conflicts()).containsExactly("src/app.txt");
    assertThat(repo.git("rev-parse", "HEAD")).isEqualTo(head);
    assertThat(repo.git("status", "--porcelain")).isBlank();
    assertThat(git.merge("feature/m-1", "main", "again").status()).isEqualTo(MergeResult.Status.ALREADY_UP_TO_DATE);
    assertThat(git.isMerged("feature/m-1", "main")).isTrue();
  }

  @Test
  void merge_withNoIdentityConfiguredStillCommits() {
    Workspace w = make("who").get(0);
    TestRepo.write(w.path(), "who.txt", "x\n");
    TestRepo.commitIn(w.path(), "who");
    repo.git("config", "--unset", "user.name");
    repo.git("config", "--unset", "user.email");
    repo.git("config", "user.useConfigOnly", "true"); // git may not guess one from the host either
    assertThat(git.merge("feature/who", "main", "Merge who: x").status()).isEqualTo(MergeResult.Status.MERGED);
    assertThat(repo.git("log", "-1", "--format=%s|%an")).isEqualTo("Merge who: x|porch\n");
  }

  @Test
  void repair_removesHalfMadeWorktreesKeepingBranchesWithWork() {
    make("full");
    repo.git("worktree", "add", "-q", "--no-checkout", "-b", "feature/half", repo.dir().resolve(".worktrees/half").toString(), "main");
    repo.git("branch", "feature/worked", "main");
    Workspace other = make("scratch").get(0);
    TestRepo.write(other.path(), "w.txt", "work\n");
    TestRepo.commitIn(other.path(), "work");
    git.remove(t("scratch"), false);
    repo.git("branch", "-f", "feature/worked", "feature/scratch");
    repo.git("worktree", "add", "-q", "--no-checkout", repo.dir().resolve(".worktrees/worked").toString(), "feature/worked");

    RepairReport r = git.repair();

    assertThat(r.attention()).isEmpty();
    assertThat(r.fixed()).hasSize(2);
    assertThat(git.find(t("half"))).isEmpty();
    assertThat(git.find(t("worked"))).isEmpty();
    assertThat(git.find(t("full"))).isPresent();
    assertThat(repo.git("branch", "--list", "feature/half")).isBlank();
    assertThat(repo.git("rev-parse", "feature/worked")).isEqualTo(repo.git("rev-parse", "feature/scratch"));
    assertThat(git.repair()).isEqualTo(RepairReport.NONE);
  }

  @Test
  void repair_abortsOnlyAMergePorchStarted() {
    Workspace w = make("mid").get(0);
    TestRepo.write(w.path(), "mid.txt", "x\n");
    TestRepo.commitIn(w.path(), "mid");
    String before = repo.git("rev-parse", "HEAD");
    repo.git("merge", "--no-ff", "--no-commit", "-m", "Merge mid: the summary", "feature/mid");
    assertThat(repo.git("rev-parse", "-q", "--verify", "MERGE_HEAD")).isNotBlank();

    RepairReport r = git.repair();

    assertThat(r.fixed()).singleElement().asString().contains("aborted the interrupted merge of feature/mid");
    assertThat(repo.git("rev-parse", "HEAD")).isEqualTo(before);
    assertThat(repo.git("status", "--porcelain")).isBlank();

    // killed while a pre-merge-commit hook ran: the result is staged, MERGE_HEAD never written
    repo.git("read-tree", "-m", "-u", "HEAD", "feature/mid");
    repo.write("mine.txt", "untracked, the user's\n");
    assertThat(repo.git("status", "--porcelain")).contains("A  mid.txt");
    assertThat(git.repair().fixed()).singleElement().asString().contains("half-written merge of feature/mid");
    assertThat(repo.git("status", "--porcelain")).isEqualTo("?? mine.txt\n");
    repo.git("add", "mine.txt"); // staged work of the user's is not a merge: left alone
    assertThat(git.repair()).isEqualTo(RepairReport.NONE);
    repo.git("rm", "-q", "--cached", "mine.txt");

    repo.git("merge", "--no-ff", "--no-commit", "feature/mid"); // the user's own merge
    RepairReport users = git.repair();
    assertThat(users.fixed()).isEmpty();
    assertThat(users.attention()).singleElement().asString().contains("porch did not start");
    assertThat(repo.git("rev-parse", "-q", "--verify", "MERGE_HEAD")).isNotBlank();
  }

  /** Installs an executable hook that waits far longer than any test runs. */
  private void hangingHook(String name) throws Exception {
    Path hook = repo.dir().resolve(".git/hooks/" + name);
    Files.writeString(hook, "#!/bin/sh\nexec sleep 600\n");
    hook.toFile().setExecutable(true);
  }

  @Test
  void merge_stoppedInAHangingPreMergeHook_leavesMainAsItWasAndPointsAtHooks() throws Exception {
    Workspace w = make("hook").get(0);
    TestRepo.write(w.path(), "hook.txt", "x\n");
    TestRepo.commitIn(w.path(), "hook");
    repo.write("mine.txt", "untracked, the user's\n");
    hangingHook("pre-merge-commit");
    String before = repo.git("rev-parse", "HEAD");

    try (GitWorkspaces quick = GitWorkspaces.builder(repo.dir()).commandTimeout(java.time.Duration.ofSeconds(2)).build()) {
      assertThatThrownBy(() -> quick.merge("feature/hook", "main", "Merge hook: x"))
          .isInstanceOfSatisfying(WorkspaceException.class, e -> {
            assertThat(e).hasMessageContaining("merging feature/hook into main stopped")
                .hasMessageContaining("timed out after 2 s");
            assertThat(String.join("\n", e.hints()))
                .contains("nothing was merged", "core.hooksPath", "git_timeout");
          });
    }

    assertThat(repo.git("rev-parse", "HEAD")).isEqualTo(before);
    assertThat(repo.git("status", "--porcelain")).as("the staged merge result is put back; the user's file stays")
        .isEqualTo("?? mine.txt\n");
    assertThat(TestRepo.run(repo.dir(), "rev-parse", "-q", "--verify", "MERGE_HEAD").exit()).as("no MERGE_HEAD").isEqualTo(1);
    assertThat(git.repair()).isEqualTo(RepairReport.NONE);
  }

  @Test
  void merge_whoseHangingPostMergeHookIsStopped_standsAsMerged() throws Exception {
    Workspace w = make("post").get(0);
    TestRepo.write(w.path(), "post.txt", "x\n");
    TestRepo.commitIn(w.path(), "post");
    hangingHook("post-merge");

    MergeResult r;
    try (GitWorkspaces quick = GitWorkspaces.builder(repo.dir()).commandTimeout(java.time.Duration.ofSeconds(2)).build()) {
      r = quick.merge("feature/post", "main", "Merge post: x");
    }

    assertThat(r.status()).isEqualTo(MergeResult.Status.MERGED);
    assertThat(repo.git("log", "-1", "--format=%s")).isEqualTo("Merge post: x\n");
    assertThat(repo.git("status", "--porcelain")).isBlank();
  }

  @Test
  void merge_refusesADirtyMainWorktree() {
    make("n-1");
    repo.write("README.md", "changed but not committed\n");
    assertThatThrownBy(() -> git.merge("feature/n-1", "main", "m")).isInstanceOf(DirtyWorktreeException.class);
  }

  @Test
  void interop_porchSeesWorktreesTheGitCliMade() {
    repo.git("worktree", "add", "-q", ".worktrees/by-hand", "-b", "feature/by-hand");
    assertThat(git.find(t("by-hand"))).isPresent();
    assertThat(git.list()).extracting(WorkspaceInfo::task).contains(Optional.of(t("by-hand")));
  }

  @Test
  void setUp_copiesIncludedIgnoredFilesAndRunsTheSetupCommand() throws Exception {
    repo.write(".gitignore", ".env\nbuild/\n").write(".worktreeinclude", ".env\n").commit("ignore");
    repo.write(".env", "SECRET=1\n").write("build/out.bin", "not included\n");
    GitWorkspaces withSetup = GitWorkspaces.builder(repo.dir())
        .setupCommand(dev.porch.core.port.TestCommand.shellLine("echo ready > setup-ran.txt")).build();
    Workspace w = withSetup.create(List.of(WorkspaceSpec.of(t("env-1"), "main"))).get(0);
    assertThat(withSetup.setUp(w)).isEmpty();
    assertThat(w.path().resolve(".env")).hasContent("SECRET=1");
    assertThat(w.path().resolve("build/out.bin")).doesNotExist();
    assertThat(w.path().resolve("setup-ran.txt")).exists();
    GitWorkspaces failing = GitWorkspaces.builder(repo.dir()).setupCommand(dev.porch.core.port.TestCommand.shellLine("exit 3")).build();
    Workspace w2 = failing.create(List.of(WorkspaceSpec.of(t("env-2"), "main"))).get(0);
    assertThat(failing.setUp(w2)).hasValueSatisfying(r -> assertThat(r).contains("exited with 3"));
    assertThat(w2.path()).exists();
  }

  @Test
  void worksWithLfsPointersAndSubmodules() {
    repo.write(".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n")
        .write("big.bin", "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n").commit("lfs");
    TestRepo sub = TestRepo.withFiles(tmp.resolve("sub"), Map.of("README.md", "# test\n", "src/app.txt", "one\ntwo\nthree\n"));
    repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.dir().toString(), "lib");
    repo.commit("submodule");
    Workspace w = make("lfs-1").get(0);
    assertThat(w.path().resolve("big.bin")).content().startsWith("version https://git-lfs");
    assertThat(git.uncommitted(t("lfs-1"))).isEmpty();
  }

  @Test
  void crlfSettings_leaveNewWorktreesClean() {
    repo.git("config", "core.autocrlf", "true");
    repo.write(".gitattributes", "*.txt text eol=crlf\n*.bat text eol=crlf\n*.sh text eol=lf\n")
        .write("win.bat", "@echo off\r\necho hi\r\n").write("unix.sh", "echo hi\n").write("notes.txt", "a\nb\n")
        .commit("line endings");
    Workspace w = make("crlf-1").get(0);
    assertThat(git.uncommitted(t("crlf-1"))).as("no phantom changes after checkout").isEmpty();
    assertThat(w.path().resolve("notes.txt")).hasContent("a\r\nb\r\n");
    git.remove(t("crlf-1"), false);
    assertThat(w.path()).doesNotExist();
  }

  @Test
  void notExcluded_untilInit_andCheckGitVersion() {
    assertThat(git.notExcluded()).containsExactly(".worktrees/", ".agent-status/");
    git.init();
    assertThat(git.notExcluded()).isEmpty();
    assertThat(GitWorkspaces.checkGitVersion(repo.dir())).matches("2\\.\\d+(\\.\\d+)?");
  }

  @Test
  void initAndTaskAt() throws Exception {
    git.init();
    git.init();
    String exclude = Files.readString(repo.dir().resolve(".git/info/exclude"));
    assertThat(exclude).containsOnlyOnce(".worktrees/").containsOnlyOnce(".agent-status/");
    Workspace w = make("here").get(0);
    Files.createDirectories(w.path().resolve("src/deep"));
    assertThat(git.taskAt(w.path().resolve("src/deep"))).contains(t("here"));
    assertThat(git.taskAt(repo.dir())).isEmpty();
    assertThat(GitWorkspaces.findRoot(w.path().resolve("src/deep"))).isEqualTo(repo.dir());
  }

  @Test
  void readFile_neverLeavesTheWorkspace() {
    Workspace w = make("r-1").get(0);
    TestRepo.write(w.path(), "RESULTS.md", "# done\n");
    assertThat(git.readFile(w, "RESULTS.md")).contains("# done\n");
    assertThat(git.readFile(w, "missing.md")).isEmpty();
    assertThatThrownBy(() -> git.readFile(w, "../../README.md")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void optionLikeRefsAreRefused() {
    assertThatThrownBy(() -> git.isMerged("--all", "main")).isInstanceOf(WorkspaceException.class);
    assertThat(git.resolve("--help")).isEmpty();
  }

  @Test
  void checkedOut_followsWhatTheWorktreeHasCheckedOut() throws Exception {
    Workspace w = make("switch-1").get(0);
    assertThat(git.checkedOut(w)).contains("feature/switch-1");
    TestRepo.git(w.path(), "checkout", "-q", "-b", "elsewhere");
    assertThat(git.checkedOut(w)).contains("elsewhere");
    String head = TestRepo.git(w.path(), "rev-parse", "HEAD").strip();
    TestRepo.git(w.path(), "checkout", "-q", "--detach");
    assertThat(git.checkedOut(w)).contains(head);
    deleteTree(w.path());
    assertThat(git.checkedOut(w)).as("folder deleted").isEmpty();
  }

  @Test
  void checkedOut_asksGitWhenTheFilesAreUnusual() throws Exception {
    Workspace w = make("odd-1").get(0);
    Path dotGit = w.path().resolve(".git");
    String real = Files.readString(dotGit);
    // a .git file pointing outside .git/worktrees/ is not read: git's own list decides
    Path decoy = Files.createDirectories(tmp.resolve("decoy"));
    Files.writeString(decoy.resolve("HEAD"), "ref: refs/heads/decoy\n");
    Files.writeString(decoy.resolve("gitdir"), dotGit + "\n");
    Files.writeString(dotGit, "gitdir: " + decoy + "\n");
    assertThat(git.checkedOut(w)).as("git lists the worktree by its admin folder").contains("feature/odd-1");
    Files.writeString(dotGit, real);
    // pruned: the admin folder is gone though the folder stays
    Path admin = repo.dir().resolve(".git/worktrees/odd-1");
    deleteTree(admin);
    assertThat(git.checkedOut(w)).isEmpty();
  }

  private static void deleteTree(Path p) throws Exception {
    try (var walk = Files.walk(p)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    }
  }
}
