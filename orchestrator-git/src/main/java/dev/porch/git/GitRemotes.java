package dev.porch.git;

import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.Workspace;
import dev.porch.git.internal.GitCli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Carries a task's branch to and from a git remote, for agents that do not share this disk (a
 * Kubernetes Job clones the branch, works, and pushes it back). Uses the git CLI on the {@code
 * PATH}, so the user's credential helpers and SSH keys apply; git never prompts
 * ({@code GIT_TERMINAL_PROMPT=0}). Stateless and thread-safe; every call blocks on git.
 *
 * <p>It never force-pushes: porch pushes {@code feature/<task>} at the task's local tip, the pod
 * pushes on top of it, and a remote branch of that name holding other work is a refusal, not an
 * overwrite.
 *
 * <pre>{@code
 * GitRemotes origin = GitRemotes.open(repo, "origin", Duration.ofMinutes(5));
 * String base = origin.push(workspace);          // before the Job starts
 * origin.fetch(workspace, reportedCommit);        // after it ended: fast-forwards the worktree
 * }</pre>
 */
public final class GitRemotes {
  private final GitCli cli;
  private final Path repo;
  private final String remote;

  private GitRemotes(GitCli cli, Path repo, String remote) {
    this.cli = cli;
    this.repo = repo;
    this.remote = remote;
  }

  /**
   * A transfer through {@code remote}.
   *
   * @param repo the repository's main worktree
   * @param remote a remote's name ({@code origin}) or a URL
   * @param timeout how long one git command may run
   * @return the transfer
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code remote} is blank or starts with {@code -}
   */
  public static GitRemotes open(Path repo, String remote, Duration timeout) {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(remote, "remote");
    Objects.requireNonNull(timeout, "timeout");
    if (remote.isBlank() || remote.startsWith("-")) {
      throw new IllegalArgumentException("a remote is a name such as origin or a URL, got '" + remote + "'");
    }
    return new GitRemotes(new GitCli("git", timeout), repo.toAbsolutePath().normalize(), remote);
  }

  /**
   * The URL a clone in the cluster uses: the remote's configured URL, or the remote itself when it
   * is not a configured name.
   *
   * @throws WorkspaceException if git fails
   */
  public String url() {
    GitCli.Result r = cli.run(repo, List.of("remote", "get-url", remote));
    return r.ok() ? r.out().strip() : remote;
  }

  /**
   * Pushes the workspace's branch, as it is now, to the remote's branch of the same name.
   *
   * <p>A fast-forward always goes. Otherwise the remote's branch is replaced only while it is
   * exactly where porch itself last left it (pushed, or fetched from a pod): that is porch's own
   * transfer copy of a task cleaned up and made again under the same name. Anything else there
   * (someone's push, a pod's work porch never fetched) is a refusal, never an overwrite.
   *
   * @param ws the task's workspace
   * @return the commit pushed (the commit the agent starts from)
   * @throws WorkspaceException if git fails, e.g. the remote's branch holds commits the local one
   *     lacks that porch did not put there, or the remote cannot be reached
   */
  public String push(Workspace ws) {
    String ref = "refs/heads/" + ws.branch();
    String commit = cli.ok(repo, List.of("rev-parse", "--verify", ref + "^{commit}")).strip();
    GitCli.Result known = cli.run(repo, List.of("rev-parse", "--verify", "--quiet", tracking(ws) + "^{commit}"));
    List<String> push = new java.util.ArrayList<>(List.of("push", "--quiet"));
    if (known.ok()) {
      push.add("--force-with-lease=" + ref + ":" + known.out().strip());
    }
    push.addAll(List.of("--", remote, ref + ":" + ref));
    GitCli.Result r = cli.run(repo, push);
    if (!r.ok()) {
      String lines = r.err().strip();
      String last = lines.isEmpty() ? "exit " + r.exit() : lines.substring(lines.lastIndexOf('\n') + 1);
      boolean theirs = lines.contains("rejected") || lines.contains("stale info");
      throw new WorkspaceException("could not push " + ws.branch() + " to " + remote
          + (theirs ? ": the remote's " + ws.branch() + " holds commits porch did not put there" : "") + " (git: " + last + ")",
          theirs ? List.of("porch never overwrites them; if that branch is not needed (an earlier task of this name?),"
              + " delete it: git push " + remote + " --delete " + ws.branch()) : List.of());
    }
    cli.ok(repo, List.of("update-ref", tracking(ws), commit));
    return commit;
  }

  /** Where porch keeps the commit it last pushed to or fetched from the remote's branch. */
  private static String tracking(Workspace ws) {
    return "refs/porch-remote/" + ws.branch();
  }

  /**
   * Fetches the branch the agent pushed and fast-forwards the workspace to {@code commit}, so the
   * local worktree holds exactly what the agent committed.
   *
   * @param ws the task's workspace
   * @param commit the commit the agent reported; the remote branch must point at it
   * @throws WorkspaceException if git fails, the remote branch points elsewhere, or the worktree
   *     cannot fast-forward (it was changed locally meanwhile)
   */
  public void fetch(Workspace ws, String commit) {
    if (!commit.matches("[0-9a-f]{7,64}")) {
      throw new WorkspaceException("the agent of " + ws.task() + " reported '" + commit + "', not a commit id");
    }
    String tracking = tracking(ws);
    cli.ok(repo, List.of("fetch", "--quiet", "--no-tags", "--", remote, "+refs/heads/" + ws.branch() + ":" + tracking));
    String fetched = cli.ok(repo, List.of("rev-parse", "--verify", tracking + "^{commit}")).strip();
    if (!fetched.startsWith(commit) && !commit.startsWith(fetched)) {
      throw new WorkspaceException(remote + "'s " + ws.branch() + " is at " + fetched + ", not at the commit "
          + commit + " the agent of " + ws.task() + " reported pushing");
    }
    cli.ok(ws.path(), List.of("merge", "--ff-only", "--quiet", fetched));
  }
}
