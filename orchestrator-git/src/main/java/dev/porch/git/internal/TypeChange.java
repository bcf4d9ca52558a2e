package dev.porch.git.internal;

import org.eclipse.jgit.diff.DiffEntry;

/** A delete and an add of the same path joined into one modification, as git reports a type change. */
final class TypeChange extends DiffEntry {
  private TypeChange() {}

  static DiffEntry of(DiffEntry delete, DiffEntry add) {
    TypeChange t = new TypeChange();
    t.oldPath = delete.getOldPath();
    t.newPath = add.getNewPath();
    t.oldMode = delete.getOldMode();
    t.newMode = add.getNewMode();
    t.oldId = delete.getOldId();
    t.newId = add.getNewId();
    t.changeType = ChangeType.MODIFY;
    t.score = 0;
    return t;
  }
}
