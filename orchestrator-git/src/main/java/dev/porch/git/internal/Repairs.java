package dev.porch.git.internal;

import dev.porch.core.RepairReport;
import dev.porch.core.TaskName;
import dev.porch.core.port.WorkspaceInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what a porch killed half-way left in the repository and puts right what loses nothing.
 *
 * <p>A worktree is half-made when git has no index for it: porch adds worktrees with {@code
 * --no-checkout} and then writes their files with {@code reset --hard}, which writes the index last
 * (through {@code index.lock} and a rename). So a missing index means the files were never all
 * written and no agent was ever started there (porch starts agents only after that step). An
 * interrupted merge is one whose {@code MERGE_MSG} is porch's ("Merge &lt;task&gt;: ...") and whose
 * {@code MERGE_HEAD} is on that task's branch; {@code git merge --abort} then leaves the target as
 * before. Any other merge in progress is the user's and is only reported.
 */
public final class Repairs {
  private static final Pattern PORCH_MERGE = Pattern.compile("^Merge ([^\\s:]+): ");
  private final GitCli git;
  private final Layout layout;
  private final Refs refs;
  private final Worktrees worktrees;
  private final String branchPrefix;

  public Repairs(GitCli git, Layout layout, Refs refs, Worktrees worktrees, String branchPrefix) {
    this.git = git;
    this.layout = layout;
    this.refs = refs;
    this.worktrees = worktrees;
    this.branchPrefix = branchPrefix;
  }

  /** Looks and repairs; see the class comment. */
  public RepairReport run() {
    List<String> fixed = new ArrayList<>();
    List<String> attention = new ArrayList<>();
    List<WorkspaceInfo> all = worktrees.list();
    if (all.stream().anyMatch(WorkspaceInfo::prunable)) {
      worktrees.prune();
      all.stream().filter(WorkspaceInfo::prunable)
          .forEach(w -> fixed.add("forgot worktree " + w.path() + ": its folder is gone (git worktree prune)"));
    }
    for (WorkspaceInfo w : all) {
      if (!w.main() && !w.prunable() && w.task().isPresent() && halfMade(w)) {
        removeHalfMade(w, w.task().get(), fixed, attention);
      }
    }
    interruptedMerge(fixed, attention);
    return new RepairReport(fixed, attention);
  }

  private boolean halfMade(WorkspaceInfo w) {
    GitCli.Result dir = git.run(w.path(), List.of("rev-parse", "--absolute-git-dir"));
    if (!dir.ok()) {
      return false; // not a worktree git can read: left to the caller's report
    }
    Path admin = Path.of(dir.out().strip());
    return !Files.exists(admin.resolve("index")) || lockedInitializing(admin);
  }

  private static boolean lockedInitializing(Path admin) {
    try {
      Path locked = admin.resolve("locked");
      return Files.exists(locked) && Files.readString(locked, StandardCharsets.UTF_8).startsWith("initializing");
    } catch (IOException e) {
      return false;
    }
  }

  private void removeHalfMade(WorkspaceInfo w, TaskName task, List<String> fixed, List<String> attention) {
    try {
      worktrees.remove(w, true); // nothing in it is anyone's work: its files were never all written
    } catch (RuntimeException e) {
      attention.add("worktree " + w.path() + " was never fully checked out and could not be removed: "
          + e.getMessage() + "; remove it with 'git worktree remove --force " + w.path() + "'");
      return;
    }
    String branch = w.branch().orElse(null);
    String base = branch == null ? null : refs.createdFrom(branch).filter(b -> refs.resolve(b).isPresent()).orElse(null);
    if (branch != null && base != null && refs.isMerged(branch, base)) {
      refs.deleteBranch(branch);
      fixed.add("removed worktree " + w.path() + " and branch " + branch + " of " + task
          + ": its files were never fully checked out");
    } else {
      fixed.add("removed worktree " + w.path() + " of " + task + ": its files were never fully checked out"
          + (branch == null ? "" : " (branch " + branch + " kept)"));
    }
  }

  private void interruptedMerge(List<String> fixed, List<String> attention) {
    GitCli.Result head = git.run(layout.root(), List.of("rev-parse", "-q", "--verify", "MERGE_HEAD"));
    if (!head.ok()) {
      stagedMergeResult(fixed, attention);
      return;
    }
    String mergeHead = head.out().strip();
    Path gitDir = Path.of(git.ok(layout.root(), List.of("rev-parse", "--absolute-git-dir")).strip());
    String message;
    try {
      message = Files.readString(gitDir.resolve("MERGE_MSG"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      message = "";
    }
    Optional<String> branch = porchBranch(message);
    boolean ours = branch.isPresent() && refs.resolve(branch.get()).isPresent()
        && git.run(layout.root(), List.of("merge-base", "--is-ancestor", mergeHead, "refs/heads/" + branch.get())).ok();
    if (!ours) {
      attention.add("a merge is in progress in " + layout.root() + " that porch did not start; finish it with"
          + " 'git commit' or undo it with 'git merge --abort'");
      return;
    }
    GitCli.Result abort = git.run(layout.root(), List.of("merge", "--abort"));
    if (abort.ok()) {
      fixed.add("aborted the interrupted merge of " + branch.get() + " into " + refs.currentBranch()
          + "; it is as before the merge (merge it again)");
    } else {
      attention.add("the interrupted merge of " + branch.get() + " could not be aborted: " + abort.why()
          + "; run 'git merge --abort' in " + layout.root());
    }
  }

  /**
   * A merge killed before git wrote {@code MERGE_HEAD} (e.g. while a pre-merge-commit hook ran)
   * leaves its result staged with no merge in progress. porch never merges into a worktree with
   * staged changes, so if the staged tree is exactly HEAD merged with one of porch's branches, it is
   * that merge's leftover and {@code git reset --merge} (which refuses to drop other local changes)
   * puts the target back.
   */
  private void stagedMergeResult(List<String> fixed, List<String> attention) {
    if (git.run(layout.root(), List.of("diff", "--cached", "--quiet")).ok()) {
      return;
    }
    GitCli.Result index = git.run(layout.root(), List.of("write-tree"));
    if (!index.ok()) {
      return; // unmerged entries: not a state porch leaves (it aborts conflicts itself)
    }
    String staged = index.out().strip();
    String branches = git.ok(layout.root(), List.of("for-each-ref", "--format=%(refname:short)", "refs/heads/" + branchPrefix));
    for (String branch : branches.lines().toList()) {
      GitCli.Result merged = git.run(layout.root(), List.of("merge-tree", "--write-tree", "--no-messages", "HEAD", "refs/heads/" + branch));
      if (merged.ok() && merged.out().lines().findFirst().orElse("").strip().equals(staged)) {
        GitCli.Result reset = git.run(layout.root(), List.of("reset", "-q", "--merge", "HEAD"));
        if (reset.ok()) {
          fixed.add("undid the half-written merge of " + branch + " into " + refs.currentBranch()
              + " (its result was staged, never committed); it is as before (merge it again)");
        } else {
          attention.add("the staged changes in " + layout.root() + " are a half-written merge of " + branch
              + " but could not be undone: " + reset.why() + "; check them with git status, then 'git reset --merge'");
        }
        return;
      }
    }
  }

  private Optional<String> porchBranch(String message) {
    Matcher m = PORCH_MERGE.matcher(message);
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(branchPrefix + TaskName.of(m.group(1)).value());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
