package dev.porch.git.internal;

import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.LeftoverCommit;
import dev.porch.core.port.Workspace;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Commits what an agent left uncommitted in its worktree, so that what porch judges is what it
 * merges. {@code git add -A} honours {@code .gitignore}; porch's own folders are excluded by
 * pathspec, and anything {@code .worktreeinclude} matches (files such as {@code .env} copied into
 * the worktree) is taken out of the index again before the commit, even if the agent un-ignored it.
 */
public final class Leftovers {
  private final GitCli git;
  private final Layout layout;

  public Leftovers(GitCli git, Layout layout) {
    this.git = git;
    this.layout = layout;
  }

  /**
   * Stages and commits the worktree's changes as {@code author}.
   *
   * @return the commit, or empty when nothing was left (or all of it is excluded)
   * @throws WorkspaceException if git refuses (a failing hook, a broken index)
   */
  public Optional<LeftoverCommit> commit(Workspace w, String author, String message) {
    Path tree = w.path();
    git.ok(tree, List.of("add", "-A", "--", ".", ":(exclude)" + Layout.DIR, ":(exclude).agent-status"));
    unstageIncludes(tree);
    List<String> staged = GitCli.splitNul(git.ok(tree, List.of("diff", "--cached", "--name-only", "-z", "--no-renames")));
    if (staged.isEmpty()) {
      return Optional.empty();
    }
    List<String> args = new ArrayList<>();
    if (!git.run(tree, List.of("var", "GIT_COMMITTER_IDENT")).ok()) {
      // no identity configured: sign as porch rather than fail (as porch's merges do)
      args.addAll(List.of("-c", "user.name=porch", "-c", "user.email=porch@localhost"));
    }
    args.addAll(List.of("commit", "-q", "--no-gpg-sign", "--author", author(author), "-m", message));
    GitCli.Result r = git.run(tree, args);
    if (!r.ok()) {
      git.run(tree, List.of("reset", "-q")); // leave the files as the agent left them, unstaged
      throw new WorkspaceException("git commit of the work left in " + w.relativePath() + " failed: " + r.why(),
          List.of("a pre-commit or commit-msg hook of the repository may have refused it (see .git/hooks or"
              + " git config core.hooksPath)"));
    }
    String head = git.ok(tree, List.of("rev-parse", "HEAD")).strip();
    return Optional.of(new LeftoverCommit(staged, head));
  }

  /** Takes whatever {@code .worktreeinclude} matches back out of the index. */
  private void unstageIncludes(Path tree) {
    Path list = layout.includeList();
    if (!Files.isRegularFile(list, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<String> matched = GitCli.splitNul(git.ok(tree,
        List.of("ls-files", "-z", "--cached", "--ignored", "--exclude-from=" + list)));
    if (!matched.isEmpty()) {
      List<String> args = new ArrayList<>(List.of("rm", "-q", "--cached", "--ignore-unmatch", "--"));
      args.addAll(matched.stream().filter(p -> !tracked(tree, p)).toList());
      if (args.size() > 5) {
        git.ok(tree, args);
      }
    }
  }

  /** Whether {@code path} is in HEAD (a tracked file the agent changed is the agent's work, whatever its name). */
  private boolean tracked(Path tree, String path) {
    return git.run(tree, List.of("cat-file", "-e", "HEAD:" + path)).ok();
  }

  /** {@code Name <name@porch.invalid>} from a profile name, for --author. */
  static String author(String agent) {
    String name = agent.replaceAll("[^A-Za-z0-9._-]", "");
    if (name.isEmpty()) {
      name = "agent";
    }
    return name + " (via porch) <" + name.toLowerCase(Locale.ROOT) + "@porch.invalid>";
  }
}
