package dev.porch.git.internal;

import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;

/** Diff entries reshaped to what {@code git diff -M} reports where JGit reports otherwise. */
final class GitEntry extends DiffEntry {
  private GitEntry() {}

  /** A delete and an add of the same path as one modification: git's type change ({@code T}). */
  static DiffEntry typeChange(DiffEntry delete, DiffEntry add) {
    GitEntry t = new GitEntry();
    t.oldPath = delete.getOldPath();
    t.newPath = add.getNewPath();
    t.oldMode = delete.getOldMode();
    t.newMode = add.getNewMode();
    t.oldId = delete.getOldId();
    t.newId = add.getNewId();
    t.changeType = ChangeType.MODIFY;
    return t;
  }

  /** A copy as a plain add: git -M without -C detects no copies. */
  static DiffEntry added(DiffEntry copy) {
    GitEntry t = new GitEntry();
    t.oldPath = DEV_NULL;
    t.newPath = copy.getNewPath();
    t.oldMode = FileMode.MISSING;
    t.newMode = copy.getNewMode();
    t.oldId = AbbreviatedObjectId.fromObjectId(ObjectId.zeroId());
    t.newId = copy.getNewId();
    t.changeType = ChangeType.ADD;
    return t;
  }
}
