package dev.porch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.agent.testing.GitRepo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A real repository with real porch worktrees, and things around it that porch must never touch.
 *
 * <pre>
 * tmp/
 *   x/secret.txt            canary: what "../../x" from the repository names
 *   canary/secret.txt       canary: where symbolic links point
 *   a/x/secret.txt          canary: what "../x" names
 *   a/repo/                 main on "initial" + ".porch.json"; branch user/keep (a user's branch)
 *     notes.txt             an untracked user file
 *     .worktrees/feat-1     made by 'porch spawn feat --agents N'; a commit (not merged) and an uncommitted file
 *     .worktrees/feat-2..N  the same, clean, nothing committed
 * </pre>
 */
final class HostileRepo {
  /** The profile every launch uses: a program that does not exist, so an agent fails at once. */
  static final String CONFIG = "{\"agent\": \"none\", \"agents\": {\"none\": {\"command\": "
      + "[\"porch-reliability-no-such-agent\", \"{prompt}\"]}}}\n";

  /** A folder under tmp for the tests' own files (what fake agents record), not guarded. */
  static final String SCRATCH = "scratch";

  final Path tmp;
  final Path root;
  final GitRepo git;

  private HostileRepo(Path tmp, Path root, GitRepo git) {
    this.tmp = tmp;
    this.root = root;
    this.git = git;
  }

  /** The repository without any porch worktree. */
  static HostileRepo bare(Path tmp) {
    try {
      for (String canary : List.of("x", "canary", "a/x")) {
        Files.createDirectories(tmp.resolve(canary));
        Files.writeString(tmp.resolve(canary).resolve("secret.txt"), "canary " + canary + "\n");
      }
      Path root = tmp.resolve("a/repo");
      GitRepo git = GitRepo.init(root);
      git.git("config", "user.name", "Reliability Test");
      git.git("config", "user.email", "reliability@porch.test");
      git.git("checkout", "-q", "-b", "user/keep");
      Files.writeString(root.resolve("keep.txt"), "a user's work\n");
      git.git("add", "keep.txt");
      git.git("commit", "-q", "-m", "user work");
      git.git("checkout", "-q", "main");
      Files.writeString(root.resolve(".porch.json"), CONFIG);
      git.git("add", ".porch.json");
      git.git("commit", "-q", "-m", "porch config");
      Files.writeString(root.resolve("notes.txt"), "untracked notes\n");
      return new HostileRepo(tmp, root, git);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The worktree that has a commit (its branch is not merged) and an uncommitted file. */
  static final String DIRTY = "feat-1";

  /**
   * The repository with {@code agents} worktrees made by {@code porch spawn feat}: feat-1 has a
   * commit and an uncommitted file (cleanup keeps it unless forced), the others are clean and have
   * nothing to merge (so a legitimate merge changes nothing).
   */
  static HostileRepo withWorktrees(Path tmp, int agents) {
    HostileRepo r = bare(tmp);
    Cli.Result spawn = Cli.run(r.root, "spawn", "feat", "--agents", Integer.toString(agents));
    assertThat(spawn.code()).as(spawn.toString()).isZero();
    try {
      Path dirty = r.root.resolve(".worktrees/" + DIRTY);
      Files.writeString(dirty.resolve("work.txt"), "agent work\n");
      GitRepo.gitIn(dirty, "add", "work.txt");
      GitRepo.gitIn(dirty, "commit", "-q", "-m", "agent work");
      Files.writeString(dirty.resolve("wip.txt"), "uncommitted\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return r;
  }

  Path status(String fileName) {
    return root.resolve(".agent-status").resolve(fileName);
  }

  /**
   * What must not change: every file under tmp outside the repository's .git, .worktrees and
   * .agent-status; the hooks and config in .git; and the refs of every branch porch did not make.
   */
  Guarded guard() {
    return new Guarded(
        Snapshot.of(tmp, Set.of("a/repo/.git", "a/repo/.worktrees", "a/repo/.agent-status", SCRATCH)),
        Snapshot.of(root.resolve(".git"), Set.of("objects", "refs", "logs", "worktrees", "index", "ORIG_HEAD",
            "packed-refs", "FETCH_HEAD", "AUTO_MERGE", "MERGE_HEAD", "MERGE_MSG", "MERGE_MODE", "COMMIT_EDITMSG",
            "info")),
        userRefs());
  }

  /** Every ref except porch's own branches, with its commit, and HEAD. */
  String userRefs() {
    StringBuilder b = new StringBuilder("HEAD " + git.git("symbolic-ref", "HEAD"));
    for (String line : git.git("for-each-ref", "--format=%(refname) %(objectname)").split("\n")) {
      if (!line.startsWith("refs/heads/feature/")) {
        b.append(line).append('\n');
      }
    }
    return b.toString();
  }

  /** The state before a command, compared with the state after it. */
  final class Guarded {
    private final Snapshot files;
    private final Snapshot dotGit;
    private final String refs;

    private Guarded(Snapshot files, Snapshot dotGit, String refs) {
      this.files = files;
      this.dotGit = dotGit;
      this.refs = refs;
    }

    /** Every difference, in words; empty when nothing guarded changed. */
    List<String> changes() {
      Guarded now = guard();
      List<String> d = new ArrayList<>(files.differences(now.files));
      dotGit.differences(now.dotGit).forEach(x -> d.add(".git: " + x));
      if (!refs.equals(now.refs)) {
        d.add("refs changed:\n" + refs + "->\n" + now.refs);
      }
      return d;
    }
  }
}
