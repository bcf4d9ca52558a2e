package dev.porch.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.RepairReport;
import dev.porch.core.error.DirtyWorktreeException;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.ChangedFile;
import dev.porch.core.port.LeftoverCommit;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceInfo;
import dev.porch.core.port.WorkspaceProvider;
import dev.porch.core.port.WorkspaceSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link dev.porch.core.port.Worktrees} must do (create, find, list, remove, prune,
 * set up, repair, commit leftovers, read a file), run against the real git adapter and the
 * in-memory fake alike.
 */
public abstract class WorktreesContract extends WorkspaceFixture {
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
  void taskBranches_listEveryTasksBranch_withOrWithoutItsWorktree() {
    WorkspaceProvider p = provider(files("a.txt", "a\n"));
    assertThat(p.taskBranches()).isEmpty();
    p.create(List.of(WorkspaceSpec.of(t("tb-2")), WorkspaceSpec.of(t("tb-1")),
        WorkspaceSpec.of(t("other")).withBranch("topic")));
    p.remove(t("tb-2"), false);
    assertThat(p.taskBranches()).as("tb-2's worktree is gone, its branch stays; 'topic' is no task's branch")
        .containsExactly(java.util.Map.entry(t("tb-1"), p.defaultBranch(t("tb-1"))),
            java.util.Map.entry(t("tb-2"), p.defaultBranch(t("tb-2"))));
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
