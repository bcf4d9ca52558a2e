package dev.porch.git.internal;

import dev.porch.core.error.WorkspaceException;
import dev.porch.core.error.WorkspaceStateException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.ReflogEntry;
import org.eclipse.jgit.lib.ReflogReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Ref and history questions through JGit: in-process they cost microseconds where a git process
 * costs milliseconds. JGit re-reads loose refs and packed-refs when their files change, so it sees
 * what the git CLI just did. Thread-safe: each call uses its own walker.
 */
public final class Refs {
  private final Repository repo;

  public Refs(Repository repo) {
    this.repo = repo;
  }

  /** A branch or commit resolved to a commit id, or empty. */
  public Optional<String> resolve(String ref) {
    if (ref == null || ref.isBlank() || ref.startsWith("-")) {
      return Optional.empty();
    }
    try {
      ObjectId id = repo.resolve(ref + "^{commit}");
      return Optional.ofNullable(id).map(ObjectId::name);
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // JGit throws on ambiguous or malformed revisions: "does not exist" to us
    }
  }

  /** The commit of a branch or commit, or a clear error naming what is missing. */
  public ObjectId commit(String ref, String what) {
    return ObjectId.fromString(
        resolve(ref)
            .orElseThrow(
                () -> new WorkspaceException(
                    what + " '" + ref + "' does not exist",
                    List.of("check the name with 'git branch --all' or 'git log'"))));
  }

  /** Whether {@code refs/heads/<branch>} exists. */
  public boolean branchExists(String branch) {
    try {
      return repo.exactRef(Constants.R_HEADS + branch) != null;
    } catch (IOException e) {
      throw new WorkspaceException("cannot read branch " + branch + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code branch} is a name git accepts for a branch. */
  public static boolean validBranchName(String branch) {
    return branch != null && !branch.startsWith("-") && Repository.isValidRefName(Constants.R_HEADS + branch);
  }

  /**
   * The branch checked out in the main worktree.
   *
   * @throws WorkspaceException if HEAD is detached or there are no commits
   */
  public String currentBranch() {
    try {
      Ref head = repo.exactRef(Constants.HEAD);
      if (head == null) {
        throw new WorkspaceException("the repository has no HEAD");
      }
      if (!head.isSymbolic()) {
        String at = head.getObjectId().abbreviate(7).name();
        throw new WorkspaceStateException(WorkspaceStateException.Kind.DETACHED_HEAD, java.util.Optional.empty(), at,
            "HEAD is detached at " + at + "; porch needs a branch",
            List.of("check out a branch (git switch main), or give a base branch"));
      }
      if (head.getObjectId() == null) {
        throw noCommits();
      }
      return Repository.shortenRefName(head.getTarget().getName());
    } catch (IOException e) {
      throw new WorkspaceException("cannot read HEAD: " + e.getMessage(), e);
    }
  }

  /** Whether the repository has at least one commit on HEAD. */
  public boolean hasCommits() {
    return resolve(Constants.HEAD).isPresent();
  }

  public static WorkspaceException noCommits() {
    return new WorkspaceException(
        "the repository has no commits yet; a worktree needs a commit to start from",
        List.of("make a first commit (git commit --allow-empty -m init)"));
  }

  /**
   * Whether every commit of {@code branch} is in {@code target} ({@code git merge-base
   * --is-ancestor}).
   */
  public boolean isMerged(String branch, String target) {
    ObjectId b = commit(branch, "branch");
    ObjectId t = commit(target, "branch");
    try (RevWalk walk = new RevWalk(repo)) {
      return walk.isMergedInto(walk.parseCommit(b), walk.parseCommit(t));
    } catch (IOException e) {
      throw new WorkspaceException("cannot compare " + branch + " and " + target + ": " + e.getMessage(), e);
    }
  }

  /** How many commits {@code branch} has that {@code base} does not ({@code git rev-list --count base..branch}). */
  public int commitsAhead(String branch, String base) {
    ObjectId b = commit(branch, "branch");
    ObjectId o = commit(base, "base");
    try (RevWalk walk = new RevWalk(repo)) {
      walk.markStart(walk.parseCommit(b));
      walk.markUninteresting(walk.parseCommit(o));
      int n = 0;
      for (RevCommit ignored : walk) {
        n++;
      }
      return n;
    } catch (IOException e) {
      throw new WorkspaceException("cannot count the commits of " + branch + " beyond " + base + ": " + e.getMessage(), e);
    }
  }

  /** The merge base of two commits, if they have one. */
  public Optional<String> mergeBase(String a, String b) {
    try (RevWalk walk = new RevWalk(repo)) {
      walk.setRevFilter(org.eclipse.jgit.revwalk.filter.RevFilter.MERGE_BASE);
      walk.markStart(walk.parseCommit(commit(a, "commit")));
      walk.markStart(walk.parseCommit(commit(b, "commit")));
      RevCommit c = walk.next();
      return c == null ? Optional.empty() : Optional.of(c.name());
    } catch (IOException e) {
      throw new WorkspaceException("cannot find the merge base of " + a + " and " + b + ": " + e.getMessage(), e);
    }
  }

  /** The full message of the newest commit on {@code branch} not on {@code base}. */
  public Optional<String> lastCommitMessage(String branch, String base) {
    ObjectId b = commit(branch, "branch");
    ObjectId o = commit(base, "base");
    try (RevWalk walk = new RevWalk(repo)) {
      walk.markStart(walk.parseCommit(b));
      walk.markUninteresting(walk.parseCommit(o));
      RevCommit c = walk.next();
      return c == null ? Optional.empty() : Optional.of(c.getFullMessage().strip());
    } catch (IOException e) {
      throw new WorkspaceException("cannot read the history of " + branch + ": " + e.getMessage(), e);
    }
  }

  /**
   * What a branch was created from, from its oldest reflog entry ("branch: Created from main"), as
   * git worktree add -b and git branch write it.
   */
  public Optional<String> createdFrom(String branch) {
    try {
      ReflogReader reader = repo.getRefDatabase().getReflogReader(Constants.R_HEADS + branch);
      if (reader == null) {
        return Optional.empty();
      }
      List<ReflogEntry> entries = reader.getReverseEntries();
      if (entries.isEmpty()) {
        return Optional.empty();
      }
      String comment = entries.get(entries.size() - 1).getComment();
      String prefix = "branch: Created from ";
      return comment.startsWith(prefix) ? Optional.of(comment.substring(prefix.length()).strip()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Deletes {@code refs/heads/<branch>} and its config section, like {@code git branch -D}. */
  public void deleteBranch(String branch) {
    try {
      RefUpdate u = repo.updateRef(Constants.R_HEADS + branch);
      u.setForceUpdate(true);
      RefUpdate.Result r = u.delete();
      if (r != RefUpdate.Result.FORCED && r != RefUpdate.Result.NO_CHANGE && r != RefUpdate.Result.FAST_FORWARD) {
        throw new WorkspaceException("could not delete branch " + branch + ": " + r);
      }
      StoredConfig config = repo.getConfig();
      config.load();
      if (config.getSubsections("branch").contains(branch)) {
        config.unsetSection("branch", branch);
        config.save();
      }
    } catch (IOException | org.eclipse.jgit.errors.ConfigInvalidException e) {
      throw new WorkspaceException("could not delete branch " + branch + ": " + e.getMessage(), e);
    }
  }
}
