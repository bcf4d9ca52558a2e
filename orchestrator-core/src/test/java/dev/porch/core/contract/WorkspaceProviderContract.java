package dev.porch.core.contract;

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
import dev.porch.core.port.DiffStat;
import dev.porch.core.port.LeftoverCommit;
import dev.porch.core.port.MergeResult;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceInfo;
import dev.porch.core.port.WorkspaceProvider;
import dev.porch.core.port.WorkspaceSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WorkspaceProvider} must do, run against the real git adapter and the in-memory
 * fake alike. A subclass says how to make a provider over a fresh repository and how to change
 * files in a workspace (the port itself never writes a working tree).
 */
public abstract class WorkspaceProviderContract {
  /**
   * A provider over a fresh repository whose current branch is {@code main}, with one commit
   * holding {@code files} (repository-relative path to content).
   */
  protected abstract WorkspaceProvider provider(Map<String, String> files);

  /**
   * Writes {@code files} in the workspace (a null content deletes the file), then commits
   * everything on its branch with {@code message}.
   */
  protected abstract void commit(WorkspaceProvider provider, Workspace ws, Map<String, String> files, String message);

  /** Writes one file in the workspace without committing it. */
  protected abstract void writeUncommitted(WorkspaceProvider provider, Workspace ws, String path, String content);

  /**
   * Deletes the workspace's worktree folder by hand, behind the provider's back (as a user's
   * {@code rm -rf} does); git's admin entry stays until pruned.
   */
  protected abstract void deleteFolder(WorkspaceProvider provider, Workspace ws);

  /** A map keeping its order and allowing null values (deletions): {@code files("a", "1", "b", null)}. */
  protected static Map<String, String> files(String... pathsAndContents) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      m.put(pathsAndContents[i], pathsAndContents[i + 1]);
    }
    return m;
  }

  private static TaskName t(String name) {
    return TaskName.of(name);
  }

  private static Workspace one(WorkspaceProvider p, String task) {
    return p.create(List.of(WorkspaceSpec.of(t(task)))).get(0);
  }

  @Test
  void create_listFindRemove() {
    WorkspaceProvider p = provider(files("README.md", "hello\n"));
    assertThat(p.currentBranch()).isEqualTo("main");
    List<Workspace> made = p.create(List.of(WorkspaceSpec.of(t("auth-1")), WorkspaceSpec.of(t("auth-2"), "main")));
    assertThat(made).extracting(Workspace::task).containsExactly(t("auth-1"), t("auth-2"));
    Workspace w = made.get(0);
    assertThat(w.branch()).isEqualTo(p.defaultBranch(t("auth-1")));
    assertThat(w.relativePath()).isEqualTo(".worktrees/auth-1");
    assertThat(w.base()).isEqualTo("main");
    assertThat(w.baseCommit()).isEqualTo(p.resolve("main").orElseThrow());
    assertThat(p.list()).filteredOn(WorkspaceInfo::main).hasSize(1);
    assertThat(p.list()).extracting(WorkspaceInfo::task)
        .contains(Optional.of(t("auth-1")), Optional.of(t("auth-2")));
    Workspace found = p.find(t("auth-1")).orElseThrow();
    assertThat(found.branch()).isEqualTo(w.branch());
    assertThat(found.path()).isEqualTo(w.path());
    assertThat(found.relativePath()).isEqualTo(w.relativePath());
    assertThat(p.readFile(w, "README.md")).contains("hello\n");
    assertThat(p.uncommitted(t("auth-1"))).isEmpty();
    assertThat(p.checkedOut(w)).contains(w.branch());

    p.remove(t("auth-1"), false);
    assertThat(p.find(t("auth-1"))).isEmpty();
    assertThat(p.checkedOut(w)).as("gone").isEmpty();
    assertThat(p.find(t("auth-2"))).isPresent();
    assertThat(p.resolve(w.branch())).as("the branch stays").isPresent();
  }

  @Test
  void create_existingBranchMakesNothing() {
    WorkspaceProvider p = provider(files("a.txt", "a\n"));
    one(p, "x-1");
    List<WorkspaceSpec> specs = List.of(
        WorkspaceSpec.of(t("x-2")), WorkspaceSpec.of(t("x-3")).withBranch(p.defaultBranch(t("x-1"))));
    assertThatThrownBy(() -> p.create(specs)).isInstanceOf(WorkspaceException.class);
    assertThat(p.find(t("x-2"))).isEmpty();
    assertThat(p.find(t("x-3"))).isEmpty();
    assertThat(p.resolve(p.defaultBranch(t("x-2")))).isEmpty();
  }

  @Test
  void create_missingBase() {
    WorkspaceProvider p = provider(files("a.txt", "a\n"));
    assertThatThrownBy(() -> p.create(List.of(WorkspaceSpec.of(t("x"), "no-such-branch"))))
        .isInstanceOf(WorkspaceException.class)
        .hasMessageContaining("no-such-branch");
  }

  @Test
  void remove_dirtyRefusedUnlessForced() {
    WorkspaceProvider p = provider(files("a.txt", "a\n"));
    Workspace w = one(p, "dirty");
    writeUncommitted(p, w, "new.txt", "untracked\n");
    assertThat(p.uncommitted(t("dirty"))).containsExactly("new.txt");
    assertThatThrownBy(() -> p.remove(t("dirty"), false))
        .isInstanceOfSatisfying(DirtyWorktreeException.class, e -> assertThat(e.files()).containsExactly("new.txt"));
    assertThat(p.find(t("dirty"))).isPresent();
    p.remove(t("dirty"), true);
    assertThat(p.find(t("dirty"))).isEmpty();
  }

  @Test
  void merge_cleanMakesMergeCommit() {
    WorkspaceProvider p = provider(files("a.txt", "a\n"));
    Workspace w = one(p, "feat");
    assertThat(p.lastCommitMessage(w.branch(), "main")).isEmpty();
    commit(p, w, files("b.txt", "b\n"), "Add b\n\nWith a body.");
    assertThat(p.lastCommitMessage(w.branch(), "main")).contains("Add b\n\nWith a body.");
    assertThat(p.isMerged(w.branch(), "main")).isFalse();
    String before = p.resolve("main").orElseThrow();

    MergeResult r = p.merge(w.branch(), "main", "Merge feat: add b");
    assertThat(r.status()).isEqualTo(MergeResult.Status.MERGED);
    assertThat(r.commit()).isEqualTo(p.resolve("main"));
    assertThat(r.commit()).isNotEqualTo(Optional.of(before));
    assertThat(p.isMerged(w.branch(), "main")).isTrue();
    assertThat(p.merge(w.branch(), "main", "again").status()).isEqualTo(MergeResult.Status.ALREADY_UP_TO_DATE);
  }

  @Test
  void merge_conflictLeavesRepoUntouched() {
    WorkspaceProvider p = provider(files("shared.txt", "one\n"));
    List<Workspace> ws = p.create(List.of(WorkspaceSpec.of(t("c-1")), WorkspaceSpec.of(t("c-2"))));
    commit(p, ws.get(0), files("shared.txt", "first\n"), "first");
    commit(p, ws.get(1), files("shared.txt", "second\n"), "second");
    assertThat(p.merge(ws.get(0).branch(), "main", "Merge c-1").succeeded()).isTrue();
    String before = p.resolve("main").orElseThrow();

    MergeResult r = p.merge(ws.get(1).branch(), "main", "Merge c-2");
    assertThat(r.status()).isEqualTo(MergeResult.Status.CONFLICT);
    assertThat(r.conflicts()).containsExactly("shared.txt");
    assertThat(p.resolve("main")).contains(before);
    assertThat(p.isMerged(ws.get(1).branch(), "main")).isFalse();
    // and a clean merge still works afterwards: nothing was left half-done
    Workspace w3 = one(p, "c-3");
    commit(p, w3, files("other.txt", "x\n"), "other");
    assertThat(p.merge(w3.branch(), "main", "Merge c-3").status()).isEqualTo(MergeResult.Status.MERGED);
  }

  @Test
  void deleteBranch_rules() {
    WorkspaceProvider p = provider(files("a.txt", "a\n"));
    List<Workspace> ws = p.create(List.of(WorkspaceSpec.of(t("d-1")), WorkspaceSpec.of(t("d-2"))));
    Workspace w = ws.get(0);
    commit(p, w, files("b.txt", "b\n"), "b");
    assertThatThrownBy(() -> p.deleteBranch(w.branch(), "main", true))
        .as("checked out, even forced").isInstanceOf(BranchInUseException.class);
    assertThatThrownBy(() -> p.deleteBranch("main", "main", true)).isInstanceOf(BranchInUseException.class);
    p.remove(t("d-1"), false);
    assertThatThrownBy(() -> p.deleteBranch(w.branch(), "main", false)).isInstanceOf(UnmergedBranchException.class);
    assertThat(p.resolve(w.branch())).isPresent();
    p.deleteBranch(w.branch(), "main", true);
    assertThat(p.resolve(w.branch())).isEmpty();

    p.remove(t("d-2"), false);
    p.deleteBranch(ws.get(1).branch(), "main", false); // no commits of its own: merged
    assertThat(p.resolve(ws.get(1).branch())).isEmpty();
  }

  @Test
  void changedFiles_andDiffStat() {
    WorkspaceProvider p = provider(files(
        "keep.txt", "1\n2\n3\n",
        "gone.txt", "bye\n",
        "old/name.txt", "a long enough line so that a rename is detected\nsecond line\nthird line\n"));
    Workspace w = one(p, "diff");
    assertThat(p.changedFiles(w.branch(), "main")).isEmpty();
    assertThat(p.diffStat(w.branch(), "main")).isEqualTo(DiffStat.EMPTY);
    commit(p, w, files(
        "keep.txt", "1\ntwo\n3\n",
        "gone.txt", null,
        "new.txt", "n\nm\n",
        "old/name.txt", null,
        "new/name.txt", "a long enough line so that a rename is detected\nsecond line\nthird line\n"), "change");

    assertThat(p.changedFiles(w.branch(), "main")).containsExactlyInAnyOrder(
        ChangedFile.of(ChangedFile.Type.MODIFIED, "keep.txt"),
        ChangedFile.of(ChangedFile.Type.DELETED, "gone.txt"),
        ChangedFile.of(ChangedFile.Type.ADDED, "new.txt"),
        new ChangedFile(ChangedFile.Type.RENAMED, "new/name.txt", Optional.of("old/name.txt")));
    assertThat(p.diffStat(w.branch(), "main")).isEqualTo(new DiffStat(4, 3, 2));
  }

  @Test
  void predictConflicts_pairs() {
    WorkspaceProvider p = provider(files("shared.txt", "one\n", "other.txt", "x\n"));
    List<Workspace> ws = p.create(List.of(
        WorkspaceSpec.of(t("p-1")), WorkspaceSpec.of(t("p-2")), WorkspaceSpec.of(t("p-3"))));
    commit(p, ws.get(0), files("shared.txt", "first\n"), "first");
    commit(p, ws.get(1), files("shared.txt", "second\n"), "second");
    commit(p, ws.get(2), files("third.txt", "third\n"), "third");
    List<String> branches = ws.stream().map(Workspace::branch).toList();
    String main = p.resolve("main").orElseThrow();

    ConflictMatrix m = p.predictConflicts(branches, "main");
    assertThat(m.conflicts(branches.get(0), branches.get(1))).containsExactly("shared.txt");
    assertThat(m.conflicts(branches.get(0), branches.get(2))).isEmpty();
    assertThat(m.conflicts(branches.get(1), branches.get(2))).isEmpty();
    assertThat(m.conflictingPairs()).hasSize(1);
    assertThat(p.resolve("main")).contains(main);
    assertThat(p.uncommitted(t("p-1"))).isEmpty();
  }

  @Test
  void readFile_neverLeavesTheWorkspace() {
    WorkspaceProvider p = provider(files("a.txt", "a\n"));
    Workspace w = one(p, "read");
    assertThat(p.readFile(w, "missing.md")).isEmpty();
    assertThatThrownBy(() -> p.readFile(w, "../../outside.txt")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.readFile(w, "sub/../../x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void root_holdsTheMainWorktreeAndEveryWorkspace() {
    WorkspaceProvider p = provider(files("a.txt", "a\n"));
    assertThat(p.root().isAbsolute()).isTrue();
    assertThat(p.list()).filteredOn(WorkspaceInfo::main).extracting(WorkspaceInfo::path).containsExactly(p.root());
    Workspace w = one(p, "rooted");
    assertThat(w.path()).isEqualTo(p.root().resolve(w.relativePath()));
    assertThat(p.find(t("rooted")).orElseThrow().path()).isEqualTo(w.path());
  }

  @Test
  void setUp_ofAPlainRepositoryIsReadyAndKeepsTheWorkspace() {
    WorkspaceProvider p = provider(files("a.txt", "a\n"));
    Workspace w = one(p, "plain");
    assertThat(p.setUp(w)).isEmpty();
    assertThat(p.find(t("plain"))).isPresent();
    assertThat(p.uncommitted(t("plain"))).as("setting up adds nothing to commit").isEmpty();
  }

  @Test
  void prune_forgetsAFolderDeletedByHandAndNothingElse() {
    WorkspaceProvider p = provider(files("a.txt", "a\n"));
    List<Workspace> ws = p.create(List.of(WorkspaceSpec.of(t("kept")), WorkspaceSpec.of(t("lost"))));
    p.prune();
    assertThat(p.find(t("lost"))).as("nothing to prune yet").isPresent();
    deleteFolder(p, ws.get(1));
    assertThat(p.find(t("lost"))).as("its folder is gone").isEmpty();
    p.prune();
    assertThat(p.list()).extracting(WorkspaceInfo::task).doesNotContain(Optional.of(t("lost")));
    assertThat(p.find(t("kept"))).isPresent();
    assertThat(p.resolve(ws.get(1).branch())).as("the branch stays").isPresent();
    p.prune(); // idempotent
    assertThat(p.find(t("kept"))).isPresent();
  }

  @Test
  void repair_ofAHealthyRepositoryTouchesNothing() {
    WorkspaceProvider p = provider(files("a.txt", "a\n"));
    Workspace w = one(p, "healthy");
    commit(p, w, files("b.txt", "b\n"), "b");
    String head = p.resolve(w.branch()).orElseThrow();
    assertThat(p.repair()).isEqualTo(RepairReport.NONE);
    assertThat(p.find(t("healthy"))).isPresent();
    assertThat(p.resolve(w.branch())).contains(head);
  }

  @Test
  void repair_prunesAFolderDeletedByHand() {
    WorkspaceProvider p = provider(files("a.txt", "a\n"));
    List<Workspace> ws = p.create(List.of(WorkspaceSpec.of(t("r-1")), WorkspaceSpec.of(t("r-2"))));
    deleteFolder(p, ws.get(0));
    RepairReport r = p.repair();
    assertThat(r.fixed()).hasSize(1);
    assertThat(r.attention()).isEmpty();
    assertThat(p.list()).extracting(WorkspaceInfo::task).doesNotContain(Optional.of(t("r-1")));
    assertThat(p.find(t("r-2"))).isPresent();
    assertThat(p.repair()).as("nothing left to repair").isEqualTo(RepairReport.NONE);
  }

  @Test
  void commitsAhead_countsTheBranchsOwnCommits() {
    WorkspaceProvider p = provider(files("a.txt", "a\n"));
    Workspace w = one(p, "ahead");
    assertThat(p.commitsAhead(w.branch(), "main")).isZero();
    commit(p, w, files("b.txt", "b\n"), "b");
    assertThat(p.commitsAhead(w.branch(), "main")).isEqualTo(1);
    commit(p, w, files("c.txt", "c\n"), "c");
    assertThat(p.commitsAhead(w.branch(), "main")).isEqualTo(2);
    p.merge(w.branch(), "main", "Merge ahead");
    assertThat(p.commitsAhead(w.branch(), "main")).as("merged").isZero();
    assertThatThrownBy(() -> p.commitsAhead("no-such-branch", "main")).isInstanceOf(WorkspaceException.class);
  }

  @Test
  void commitLeftovers_commitsWhatTheAgentLeft() {
    WorkspaceProvider p = provider(files("a.txt", "a\n"));
    Workspace w = one(p, "left");
    assertThat(p.commitLeftovers(w, "claude", "nothing")).as("clean").isEmpty();
    assertThat(p.resolve(w.branch())).contains(w.baseCommit());
    writeUncommitted(p, w, "left.txt", "left by the agent\n");

    LeftoverCommit c = p.commitLeftovers(w, "claude", "Work claude left uncommitted").orElseThrow();
    assertThat(c.files()).containsExactly("left.txt");
    assertThat(p.resolve(w.branch())).contains(c.commit());
    assertThat(p.uncommitted(t("left"))).isEmpty();
    assertThat(p.changedFiles(w.branch(), "main")).containsExactly(ChangedFile.of(ChangedFile.Type.ADDED, "left.txt"));
    assertThat(p.commitsAhead(w.branch(), "main")).isEqualTo(1);
    assertThat(p.lastCommitMessage(w.branch(), "main")).hasValueSatisfying(m -> assertThat(m).startsWith("Work claude"));
    assertThat(p.commitLeftovers(w, "claude", "again")).as("nothing left").isEmpty();
  }
}
