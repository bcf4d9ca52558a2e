package dev.porch.status.internal;

import dev.porch.core.TaskName;
import dev.porch.core.error.TamperedStatusException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The rules that decide whether a status file's {@code task}, {@code branch} and {@code worktree}
 * may be trusted. A status names paths and refs that porch later acts on (removes worktrees, merges
 * branches), so a file written by anyone else must not be able to point it elsewhere.
 *
 * <ul>
 *   <li>{@code task} is a valid {@link TaskName} equal to the file's name.
 *   <li>{@code branch} is a valid git branch name (git check-ref-format's rules) with no {@code ..}.
 *   <li>{@code worktree} is exactly {@code .worktrees/<task>}; {@code ./.worktrees/<task>},
 *       {@code .worktrees\<task>} and {@code .\.worktrees\<task>} (what the seed's PowerShell may
 *       write on Windows) and one trailing separator are accepted and normalised to {@code
 *       .worktrees/<task>}. Anything else is tampered: absolute, drive-letter, UNC, {@code ..},
 *       mixed separators, another task's folder.
 *   <li>on disk, {@code .worktrees/<task>} (when it exists) is not a symbolic link and resolves to
 *       a folder directly inside the repository's own {@code .worktrees}.
 * </ul>
 */
public final class Trust {
  /** The folder worktrees live in, relative to the repository. */
  public static final String WORKTREES = ".worktrees";

  private static final int MAX_BRANCH = 255;
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

  private Trust() {}

  /** The task named by the file, checked against the file's own name. */
  public static TaskName task(Path file, TaskName fromFileName, String value) {
    String problem = TaskName.problem(value);
    if (problem != null) {
      throw new TamperedStatusException(file, "task", value, "not a valid task name: " + problem);
    }
    if (!value.equals(fromFileName.value())) {
      throw new TamperedStatusException(
          file, "task", value, "the file is " + fromFileName + ".json; a status file describes its own task only");
    }
    return fromFileName;
  }

  /** The branch, if git would accept it as a branch name. */
  public static String branch(Path file, String value) {
    String why = branchProblem(value);
    if (why != null) {
      throw new TamperedStatusException(file, "branch", value, why);
    }
    return value;
  }

  /**
   * Why {@code b} is not a branch name porch will use, or null.
   *
   * @param b the candidate
   * @return the problem in words, or null
   */
  public static String branchProblem(String b) {
    if (b.isEmpty()) {
      return "it is empty";
    }
    if (b.length() > MAX_BRANCH) {
      return "it is longer than " + MAX_BRANCH + " characters";
    }
    if (b.contains("..")) {
      return "it contains '..'";
    }
    for (int i = 0; i < b.length(); i++) {
      char c = b.charAt(i);
      if (c < 0x20 || c == 0x7f || c == ' ' || "~^:?*[\\".indexOf(c) >= 0) {
        return "git does not allow '" + (c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : c) + "' in a branch name";
      }
    }
    if (b.equals("@") || b.contains("@{")) {
      return "git does not allow '@' alone or '@{' in a branch name";
    }
    if (b.startsWith("-")) {
      return "it starts with '-' and would be read as an option";
    }
    if (b.startsWith("/") || b.endsWith("/") || b.contains("//")) {
      return "it starts or ends with '/' or has an empty component";
    }
    if (b.endsWith(".")) {
      return "it ends with '.'";
    }
    for (String part : b.split("/", -1)) {
      if (part.startsWith(".")) {
        return "the component '" + part + "' starts with '.'";
      }
      if (part.endsWith(".lock")) {
        return "the component '" + part + "' ends with '.lock'";
      }
    }
    return null;
  }

  /** The worktree, normalised to {@code .worktrees/<task>}. */
  public static String worktree(Path file, TaskName task, String value) {
    String expected = WORKTREES + "/" + task.value();
    String v = value;
    if (v.startsWith("\\\\") || v.startsWith("//")) {
      throw new TamperedStatusException(file, "worktree", value, "a UNC or network path; it must be " + expected);
    }
    if (v.startsWith("/") || v.startsWith("\\") || DRIVE.matcher(v).matches()) {
      if (isThisWorktree(file, expected, v)) {
        return expected; // agents are told their worktree as an absolute path and may write it back
      }
      throw new TamperedStatusException(file, "worktree", value, "an absolute path elsewhere; it must be " + expected);
    }
    if (v.contains("\\")) {
      if (v.contains("/")) {
        throw new TamperedStatusException(file, "worktree", value, "mixes '/' and '\\'; it must be " + expected);
      }
      v = v.replace('\\', '/');
    }
    if (v.startsWith("./")) {
      v = v.substring(2);
    }
    if (v.endsWith("/")) {
      v = v.substring(0, v.length() - 1);
    }
    if (v.equals(expected)) {
      return expected;
    }
    String why = v.contains("..") ? "it climbs out with '..'" : "it is not this task's folder";
    throw new TamperedStatusException(file, "worktree", value, why + "; it must be " + expected);
  }

  /** Whether an absolute {@code value} names exactly {@code <repo>/.worktrees/<task>}, the repo being the file's grandparent. */
  private static boolean isThisWorktree(Path file, String expected, String value) {
    Path status = file.toAbsolutePath().getParent();
    if (status == null || status.getParent() == null || value.contains("..")) {
      return false;
    }
    try {
      Path given = Path.of(value);
      return given.isAbsolute() && given.normalize().equals(status.getParent().resolve(expected).normalize());
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  /**
   * Checks what is on disk: {@code .worktrees/<task>}, when it exists, is a real folder directly
   * inside the repository's {@code .worktrees}, not a symbolic link (nor reached through one).
   */
  public static void onDisk(Path file, Path repoRoot, TaskName task, String worktree) {
    Path folder = repoRoot.resolve(WORKTREES);
    Path wt = folder.resolve(task.value());
    if (Files.isSymbolicLink(folder)) {
      throw new TamperedStatusException(file, "worktree", worktree, "'" + WORKTREES + "' is a symbolic link");
    }
    if (Files.isSymbolicLink(wt)) {
      throw new TamperedStatusException(file, "worktree", worktree, "'" + wt + "' is a symbolic link");
    }
    if (!Files.exists(wt, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Path real = wt.toRealPath();
      Path expected = repoRoot.toRealPath().resolve(WORKTREES).resolve(task.value());
      if (!real.equals(expected)) {
        throw new TamperedStatusException(
            file, "worktree", worktree, "'" + wt + "' resolves to " + real + ", outside " + WORKTREES);
      }
    } catch (IOException e) {
      // Vanished between the checks: nothing on disk to distrust.
    }
  }
}
