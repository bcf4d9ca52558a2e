package dev.porch.agent.internal.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where git keeps what a linked worktree's commits write: its admin folder ({@code
 * .git/worktrees/<task>}), the shared object store, its branch's loose ref and reflog. Read from the
 * worktree's {@code .git} file and its admin folder's {@code commondir}, as git does.
 *
 * @param admin the worktree's admin folder
 * @param common the repository's common git folder
 * @param branch the worktree's branch, e.g. {@code feature/auth}
 */
record GitPaths(Path admin, Path common, String branch) {
  /**
   * The paths of the worktree at {@code worktree}, or empty when it is not a linked git worktree.
   *
   * @throws IOException if its {@code .git} file cannot be read
   */
  static Optional<GitPaths> of(Path worktree, String branch) throws IOException {
    Path dotGit = worktree.resolve(".git");
    if (!Files.isRegularFile(dotGit, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    String line = Files.readString(dotGit, StandardCharsets.UTF_8).trim();
    if (!line.startsWith("gitdir:")) {
      return Optional.empty();
    }
    Path admin = worktree.resolve(line.substring("gitdir:".length()).trim()).normalize();
    Path commondir = admin.resolve("commondir");
    Path common = Files.isRegularFile(commondir)
        ? admin.resolve(Files.readString(commondir, StandardCharsets.UTF_8).trim()).normalize() : admin;
    return Optional.of(new GitPaths(admin.toAbsolutePath(), common.toAbsolutePath(), branch));
  }

  Path objects() {
    return common.resolve("objects");
  }

  /** The branch's loose ref file. */
  Path ref() {
    return common.resolve("refs/heads").resolve(branch);
  }

  /** The folder holding the branch's loose ref, shared with its sibling branches. */
  Path refFolder() {
    return ref().getParent();
  }

  Path reflog() {
    return common.resolve("logs/refs/heads").resolve(branch);
  }

  /** The full ref name. */
  String refName() {
    return "refs/heads/" + branch;
  }

  /**
   * The branch's commit as git sees it now: its loose ref, else its line in {@code packed-refs};
   * empty when the branch does not exist.
   */
  Optional<String> resolve() throws IOException {
    Path loose = ref();
    if (Files.isRegularFile(loose, LinkOption.NOFOLLOW_LINKS)) {
      String v = Files.readString(loose, StandardCharsets.UTF_8).trim();
      return v.startsWith("ref:") ? Optional.empty() : Optional.of(v);
    }
    Path packed = common.resolve("packed-refs");
    if (Files.isRegularFile(packed)) {
      for (String l : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
        int sp = l.indexOf(' ');
        if (!l.startsWith("#") && !l.startsWith("^") && sp > 0 && l.substring(sp + 1).equals(refName())) {
          return Optional.of(l.substring(0, sp));
        }
      }
    }
    return Optional.empty();
  }
}
