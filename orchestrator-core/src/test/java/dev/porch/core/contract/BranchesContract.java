package dev.porch.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.error.BranchInUseException;
import dev.porch.core.error.UnmergedBranchException;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.ChangedFile;
import dev.porch.core.port.ConflictMatrix;
import dev.porch.core.port.DiffStat;
import dev.porch.core.port.MergeResult;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceProvider;
import dev.porch.core.port.WorkspaceSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link dev.porch.core.port.Branches} must do (changed files, diff stats, commits
 * ahead, conflict prediction, merge, is-merged, delete branch), run against the real git adapter
 * and the in-memory fake alike.
 */
public abstract class BranchesContract extends WorkspaceFixture {
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
}
