package dev.porch.git.internal;

import dev.porch.core.port.FileDiff;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.ChangedFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-file line counts and unified patches of a branch since it forked from its base, from git's own
 * {@code git diff} (so counts and text are exactly what a user's git shows). Both sides are resolved
 * to commit ids first, so no name from a status file ever reaches git's command line; path filters
 * go after {@code --} with {@code --literal-pathspecs}. Stateless and thread-safe.
 */
public final class Patches {
  private final GitCli git;
  private final Path root;
  private final Refs refs;

  public Patches(GitCli git, Path root, Refs refs) {
    this.git = git;
    this.root = root;
    this.refs = refs;
  }

  /** {@code git diff --raw --numstat -z -M base...branch}, one entry per file. */
  public List<FileDiff> files(String branch, String base) {
    String range = range(branch, base);
    String out = git.ok(root, List.of("diff", "--no-ext-diff", "--no-color", "--raw", "--numstat", "-z", "-M", range));
    List<String> t = GitCli.splitNul(out);
    List<ChangedFile> changes = new ArrayList<>();
    Map<String, int[]> counts = new HashMap<>();
    int i = 0;
    while (i < t.size()) {
      String token = t.get(i++);
      if (token.startsWith(":")) {
        String[] fields = token.split(" ");
        char letter = fields[fields.length - 1].charAt(0);
        if (letter == 'R' || letter == 'C') {
          String old = t.get(i++);
          changes.add(new ChangedFile(letter == 'R' ? ChangedFile.Type.RENAMED : ChangedFile.Type.COPIED, t.get(i++),
              Optional.of(old)));
        } else {
          changes.add(ChangedFile.of(type(letter), t.get(i++)));
        }
      } else {
        String[] fields = token.split("\t", 3);
        if (fields.length < 3) {
          throw new WorkspaceException("cannot read git diff --numstat output: '" + token + "'");
        }
        String path = fields[2];
        if (path.isEmpty()) { // a rename: old and new paths follow
          i++;
          path = t.get(i++);
        }
        boolean binary = fields[0].equals("-"); // git's "-\t-" for a binary file
        counts.put(path, binary ? new int[] {-1, -1} : new int[] {Integer.parseInt(fields[0]), Integer.parseInt(fields[1])});
      }
    }
    List<FileDiff> files = new ArrayList<>();
    for (ChangedFile c : changes) {
      int[] n = counts.getOrDefault(c.path(), new int[] {0, 0});
      boolean binary = n[0] < 0;
      files.add(new FileDiff(c.type(), c.path(), c.oldPath(), binary ? 0 : n[0], binary ? 0 : n[1], binary));
    }
    return files;
  }

  /** {@code git diff -M base...branch -- paths}, git's own text. */
  public String patch(String branch, String base, List<String> paths, boolean color) {
    List<String> args = new ArrayList<>(List.of("--literal-pathspecs", "diff", "--no-ext-diff",
        color ? "--color=always" : "--no-color", "-M", range(branch, base), "--"));
    args.addAll(paths);
    return git.ok(root, args);
  }

  private String range(String branch, String base) {
    return refs.commit(base, "base").name() + "..." + refs.commit(branch, "branch").name();
  }

  private static ChangedFile.Type type(char letter) {
    switch (letter) {
      case 'A':
        return ChangedFile.Type.ADDED;
      case 'D':
        return ChangedFile.Type.DELETED;
      case 'T':
        return ChangedFile.Type.TYPE_CHANGED;
      default:
        return ChangedFile.Type.MODIFIED;
    }
  }
}
