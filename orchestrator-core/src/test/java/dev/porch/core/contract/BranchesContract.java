package dev.porch.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.error.BranchInUseException;
import dev.porch.core.error.UnmergedBranchException;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.ChangedFile;
import dev.porch.core.port.ConflictMatrix;
import dev.porch.core.port.DiffStat;
import dev.porch.core.port.FileDiff;
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

  @Test
  void fileDiffs_countLinesPerFileWithRenames() {
    WorkspaceProvider p = provider(files("a.txt", "1\n2\n3\n", "old.txt", "same content\nline 2\n", "gone.txt", "bye\n"));
    Workspace w = one(p, "d-1");
    commit(p, w, files("a.txt", "1\nTWO\n3\n4\n", "old.txt", null, "moved.txt", "same content\nline 2\n",
        "gone.txt", null, "dir/new.txt", "x\n"), "work");
    assertThat(p.fileDiffs(w.branch(), "main")).containsExactlyInAnyOrder(
        new FileDiff(ChangedFile.Type.MODIFIED, "a.txt", Optional.empty(), 2, 1, false),
        new FileDiff(ChangedFile.Type.RENAMED, "moved.txt", Optional.of("old.txt"), 0, 0, false),
        new FileDiff(ChangedFile.Type.DELETED, "gone.txt", Optional.empty(), 0, 1, false),
        new FileDiff(ChangedFile.Type.ADDED, "dir/new.txt", Optional.empty(), 1, 0, false));
    Workspace idle = one(p, "d-2");
    assertThat(p.fileDiffs(idle.branch(), "main")).as("no change").isEmpty();
  }

  @Test
  void patch_isTheUnifiedDiffLimitedToPaths() {
    WorkspaceProvider p = provider(files("a.txt", "1\n2\n3\n", "b.txt", "b\n"));
    Workspace w = one(p, "p-1");
    commit(p, w, files("a.txt", "1\nTWO\n3\n", "dir/new.txt", "fresh\n"), "work");
    String all = p.patch(w.branch(), "main", List.of(), false);
    assertThat(all).contains("diff --git a/a.txt b/a.txt", "-2\n", "+TWO\n", "diff --git a/dir/new.txt b/dir/new.txt",
        "+fresh\n").doesNotContain("\u001b[");
    String one = p.patch(w.branch(), "main", List.of("dir"), false);
    assertThat(one).as("a folder selects what is under it").contains("+fresh").doesNotContain("a.txt");
    assertThat(p.patch(w.branch(), "main", List.of("b.txt"), false)).as("an unchanged path").isEmpty();
    assertThat(p.patch(w.branch(), "main", List.of("*.txt"), false)).as("paths are literal, not globs").isEmpty();
  }

  @Test
  void predictConflicts_ofABranchAgainstItsTarget() {
    WorkspaceProvider p = provider(files("a.txt", "a\n", "b.txt", "b\n"));
    Workspace late = one(p, "q-1");
    commit(p, late, files("a.txt", "mine\n"), "late");
    Workspace other = one(p, "q-2");
    commit(p, other, files("b.txt", "other\n"), "other");
    Workspace first = one(p, "q-3");
    commit(p, first, files("a.txt", "theirs\n"), "first");
    assertThat(p.merge(first.branch(), "main", "Merge q-3").succeeded()).isTrue();
    assertThat(p.predictConflicts(List.of("main", late.branch()), "main").conflicts("main", late.branch()))
        .as("main moved a.txt since q-1 forked").containsExactly("a.txt");
    assertThat(p.predictConflicts(List.of("main", other.branch()), "main").conflicts("main", other.branch())).isEmpty();
  }
}
