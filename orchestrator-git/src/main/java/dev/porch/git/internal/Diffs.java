package dev.porch.git.internal;

import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.ChangedFile;
import dev.porch.core.port.DiffStat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.diff.RenameDetector;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * {@code git diff --name-status -M base...branch} and {@code --shortstat} through JGit, in process
 * (no git process per branch), tuned to git's defaults: rename similarity 50% (JGit's is 60%),
 * rename limit 1000, Myers line diff (JGit's default is histogram, whose counts can differ), type
 * changes reported as one {@code T} entry. Thread-safe.
 */
public final class Diffs {
  private static final int GIT_RENAME_SCORE = 50;
  private static final int GIT_RENAME_LIMIT = 1000;
  private static final int BINARY_PROBE = 8000;

  private final Repository repo;
  private final Refs refs;

  public Diffs(Repository repo, Refs refs) {
    this.repo = repo;
    this.refs = refs;
  }

  /** Files changed on {@code branch} since its merge base with {@code base}. */
  public List<ChangedFile> changedFiles(String branch, String base) {
    List<ChangedFile> out = new ArrayList<>();
    for (DiffEntry e : entries(branch, base)) {
      out.add(toChangedFile(e));
    }
    return out;
  }

  /** Files and lines changed on {@code branch} since its merge base with {@code base}. */
  public DiffStat diffStat(String branch, String base) {
    int files = 0;
    int ins = 0;
    int del = 0;
    try (ObjectReader reader = repo.newObjectReader()) {
      for (DiffEntry e : entries(branch, base)) {
        files++;
        if (e.getOldMode() == FileMode.GITLINK || e.getNewMode() == FileMode.GITLINK) {
          // git counts a submodule as one "Subproject commit" line on each side
          ins += e.getChangeType() == DiffEntry.ChangeType.DELETE ? 0 : 1;
          del += e.getChangeType() == DiffEntry.ChangeType.ADD ? 0 : 1;
          continue;
        }
        byte[] a = blob(reader, e.getOldId().toObjectId(), e.getOldMode());
        byte[] b = blob(reader, e.getNewId().toObjectId(), e.getNewMode());
        if (binary(a) || binary(b)) {
          continue;
        }
        EditList edits = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.MYERS)
            .diff(RawTextComparator.DEFAULT, new RawText(a), new RawText(b));
        for (var edit : edits) {
          ins += edit.getLengthB();
          del += edit.getLengthA();
        }
      }
    } catch (IOException e) {
      throw new WorkspaceException("cannot diff " + branch + " against " + base + ": " + e.getMessage(), e);
    }
    return new DiffStat(files, ins, del);
  }

  private List<DiffEntry> entries(String branch, String base) {
    ObjectId b = refs.commit(branch, "branch");
    ObjectId o = refs.commit(base, "base");
    try (RevWalk walk = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
      RevCommit tip = walk.parseCommit(b);
      walk.setRevFilter(RevFilter.MERGE_BASE);
      walk.markStart(tip);
      walk.markStart(walk.parseCommit(o));
      RevCommit fork = walk.next();
      if (fork == null) {
        throw new WorkspaceException(branch + " and " + base + " have no common history (no merge base)");
      }
      tw.setRecursive(true);
      tw.setFilter(TreeFilter.ANY_DIFF); // skips subtrees both sides share: cost follows the change, not the repo
      tw.addTree(walk.parseCommit(fork).getTree());
      tw.addTree(tip.getTree());
      RenameDetector rd = new RenameDetector(repo);
      rd.setRenameScore(GIT_RENAME_SCORE);
      rd.setRenameLimit(GIT_RENAME_LIMIT);
      rd.addAll(DiffEntry.scan(tw));
      return asGitReports(rd.compute());
    } catch (IOException e) {
      throw new WorkspaceException("cannot diff " + branch + " against " + base + ": " + e.getMessage(), e);
    }
  }

  /**
   * Copies become adds (below), and: JGit splits a change of kind (file to symlink, ...) into a delete and an add of the same path;
   * git reports one {@code T}. Joined back here as a MODIFY whose modes differ in type.
   */
  private static List<DiffEntry> asGitReports(List<DiffEntry> entries) {
    Map<String, DiffEntry> deletes = new LinkedHashMap<>();
    for (DiffEntry e : entries) {
      if (e.getChangeType() == DiffEntry.ChangeType.DELETE) {
        deletes.put(e.getOldPath(), e);
      }
    }
    List<DiffEntry> out = new ArrayList<>();
    for (DiffEntry e : entries) {
      if (e.getChangeType() == DiffEntry.ChangeType.COPY) {
        // JGit pairs a second add with an already renamed source as a copy; git -M detects none
        out.add(GitEntry.added(e));
        continue;
      }
      if (e.getChangeType() == DiffEntry.ChangeType.DELETE) {
        boolean paired = entries.stream().anyMatch(
            a -> a.getChangeType() == DiffEntry.ChangeType.ADD && a.getNewPath().equals(e.getOldPath()));
        if (paired) {
          continue;
        }
      }
      if (e.getChangeType() == DiffEntry.ChangeType.ADD && deletes.containsKey(e.getNewPath())) {
        out.add(GitEntry.typeChange(deletes.get(e.getNewPath()), e));
        continue;
      }
      out.add(e);
    }
    return out;
  }

  private static ChangedFile toChangedFile(DiffEntry e) {
    switch (e.getChangeType()) {
      case ADD:
        return ChangedFile.of(ChangedFile.Type.ADDED, e.getNewPath());
      case DELETE:
        return ChangedFile.of(ChangedFile.Type.DELETED, e.getOldPath());
      case RENAME:
        return new ChangedFile(ChangedFile.Type.RENAMED, e.getNewPath(), Optional.of(e.getOldPath()));
      default:
        boolean typeChange = e.getOldMode().getObjectType() != e.getNewMode().getObjectType()
            || (e.getOldMode().getBits() & FileMode.TYPE_MASK) != (e.getNewMode().getBits() & FileMode.TYPE_MASK);
        return ChangedFile.of(typeChange ? ChangedFile.Type.TYPE_CHANGED : ChangedFile.Type.MODIFIED, e.getNewPath());
    }
  }

  private static byte[] blob(ObjectReader reader, ObjectId id, FileMode mode) throws IOException {
    if (mode == FileMode.MISSING || id.equals(ObjectId.zeroId())) {
      return new byte[0];
    }
    return reader.open(id).getCachedBytes(Integer.MAX_VALUE);
  }

  /** git's rule: a NUL byte in the first 8000 bytes. */
  private static boolean binary(byte[] content) {
    int n = Math.min(content.length, BINARY_PROBE);
    for (int i = 0; i < n; i++) {
      if (content[i] == 0) {
        return true;
      }
    }
    return false;
  }
}
