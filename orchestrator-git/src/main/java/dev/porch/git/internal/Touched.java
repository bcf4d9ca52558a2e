package dev.porch.git.internal;

import dev.porch.core.error.WorkspaceException;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The paths a branch touched since a base, to skip {@code git merge-tree} for pairs that cannot
 * conflict. A three-way merge of A and B over their merge base can only conflict where both
 * changed something: the same path, or a file on one side where the other has a folder. The one
 * way around that, git's directory-rename detection, needs a folder to disappear on one side, so a
 * branch that removes a whole folder is marked and always checked with git. JGit, in process.
 */
final class Touched {
  /** A branch's changed paths, their parent folders, and whether a folder disappeared. */
  record Paths(ObjectId base, Set<String> paths, Set<String> folders, boolean folderGone) {
    /** Whether merging the two could conflict; false only when provably clean. */
    boolean mayConflictWith(Paths other) {
      if (folderGone || other.folderGone || !base.equals(other.base)) {
        return true;
      }
      Set<String> small = paths.size() <= other.paths.size() ? paths : other.paths;
      Set<String> big = small == paths ? other.paths : paths;
      for (String p : small) {
        if (big.contains(p)) {
          return true;
        }
      }
      for (String p : paths) {
        if (other.folders.contains(p)) {
          return true;
        }
      }
      for (String p : other.paths) {
        if (folders.contains(p)) {
          return true;
        }
      }
      return false;
    }
  }

  private final Repository repo;

  Touched(Repository repo) {
    this.repo = repo;
  }

  /** The unique merge base of two commits, or empty when there is none or more than one. */
  Optional<ObjectId> uniqueMergeBase(ObjectId a, ObjectId b) {
    try (RevWalk walk = new RevWalk(repo)) {
      walk.setRevFilter(RevFilter.MERGE_BASE);
      walk.markStart(walk.parseCommit(a));
      walk.markStart(walk.parseCommit(b));
      RevCommit first = walk.next();
      if (first == null || walk.next() != null) {
        return Optional.empty();
      }
      return Optional.of(first.copy());
    } catch (IOException e) {
      throw new WorkspaceException("cannot find a merge base: " + e.getMessage(), e);
    }
  }

  /** What {@code tip} changed since {@code base}, without rename detection (a rename is both paths). */
  Paths since(ObjectId base, ObjectId tip) {
    try (RevWalk walk = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
      RevTree from = walk.parseCommit(base).getTree();
      RevTree to = walk.parseCommit(tip).getTree();
      tw.setRecursive(true);
      tw.setFilter(TreeFilter.ANY_DIFF); // skips subtrees both sides share: cost follows the change, not the repo
      tw.addTree(from);
      tw.addTree(to);
      Set<String> paths = new HashSet<>();
      Set<String> deletedFolders = new HashSet<>();
      List<DiffEntry> entries = DiffEntry.scan(tw);
      for (DiffEntry e : entries) {
        if (e.getChangeType() != DiffEntry.ChangeType.ADD) {
          paths.add(e.getOldPath());
        }
        if (e.getChangeType() != DiffEntry.ChangeType.DELETE) {
          paths.add(e.getNewPath());
        }
        if (e.getChangeType() == DiffEntry.ChangeType.DELETE && e.getOldPath().indexOf('/') > 0) {
          deletedFolders.add(e.getOldPath().substring(0, e.getOldPath().lastIndexOf('/')));
        }
      }
      Set<String> folders = new HashSet<>();
      for (String p : paths) {
        for (int i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) {
          folders.add(p.substring(0, i));
        }
      }
      boolean gone = false;
      for (String d : deletedFolders) {
        if (TreeWalk.forPath(repo, d, to) == null) {
          gone = true;
          break;
        }
      }
      return new Paths(base, paths, folders, gone);
    } catch (IOException e) {
      throw new WorkspaceException("cannot read the changes of " + tip.name() + ": " + e.getMessage(), e);
    }
  }
}
