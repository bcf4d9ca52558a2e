package dev.porch.git.internal.env;

import dev.porch.core.error.WorkspaceException;
import dev.porch.git.internal.GitCli;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Gives a new worktree a folder of the main worktree ({@code node_modules}, {@code .venv}, {@code
 * target}) without reinstalling it: a copy-on-write clone where the file system offers one ({@code
 * cp --reflink=always} on Linux: btrfs, XFS; {@code cp -c}, i.e. {@code clonefile}, on macOS APFS),
 * a symbolic link ({@code symlink}: read-only use, every worktree writes into the main one's
 * folder), or a plain copy. Only a folder git ignores is shared (a tracked one comes with the
 * checkout), and never onto anything that exists. Starts {@code cp} as an argument list, no shell.
 */
final class Share {
  /** How a folder is shared, as {@code .porch.json} names it. */
  enum Mode {
    /** a clone where the file system offers one, else a plain copy */
    AUTO,
    /** a clone, else a plain copy with a note that cloning is not available here */
    CLONE,
    /** a symbolic link to the main worktree's folder */
    SYMLINK,
    /** a plain copy */
    COPY;

    static Mode parse(String s) {
      return Mode.valueOf(s.toUpperCase(Locale.ROOT));
    }

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final String OS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
  private final GitCli git;
  private final Path root;
  private final Consumer<String> exclude;
  private final ShareTimes times;

  /**
   * @param exclude adds a line to the repository's {@code info/exclude} (so that a link is ignored
   *     where a {@code node_modules/} pattern only matches folders)
   */
  Share(GitCli git, Path root, Consumer<String> exclude, Path timesFile) {
    this.git = git;
    this.root = root;
    this.exclude = exclude;
    this.times = new ShareTimes(root, timesFile);
  }

  /**
   * Shares {@code folder} into {@code worktree}.
   *
   * @param folder relative to the repository, forward slashes
   * @return one line for the setup log and {@code porch spawn}, e.g. {@code shared node_modules as a
   *     clone in 412 ms}
   */
  String apply(Path worktree, String folder, Mode mode) throws IOException {
    Path from = root.resolve(folder).normalize();
    Path to = worktree.resolve(folder).normalize();
    if (!from.startsWith(root) || !to.startsWith(worktree) || from.equals(root)) {
      return "not shared " + folder + ": it is not a folder inside the repository";
    }
    if (!Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS) || !from.toRealPath().startsWith(root)) {
      return "not shared " + folder + ": the main worktree has no such folder (nothing to share yet)";
    }
    if (!git.run(root, List.of("check-ignore", "-q", "--", folder)).ok()) {
      return "not shared " + folder + ": git does not ignore it (a tracked folder comes with the checkout)";
    }
    if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
      return "not shared " + folder + ": the worktree already has it";
    }
    Files.createDirectories(to.getParent());
    if (!to.getParent().toRealPath().startsWith(worktree.toRealPath())) {
      return "not shared " + folder + ": a folder on the way leads out of the worktree";
    }
    long start = System.nanoTime();
    String how;
    String note = "";
    switch (mode) {
      case SYMLINK -> {
        how = symlink(worktree, folder, from, to);
        if (!how.equals("symlink")) {
          note = " (" + how + ")";
          how = "copy";
        }
      }
      case COPY -> how = copy(from, to);
      case AUTO, CLONE -> {
        String cloned = cloneTree(from, to);
        if (cloned == null) {
          how = "clone";
        } else {
          how = copy(from, to);
          note = " (" + cloned + ")";
        }
      }
      default -> throw new IllegalStateException(mode.toString());
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    String saved = "";
    if (how.equals("copy")) {
      times.copied(folder, ms);
    } else {
      java.util.OptionalLong copy = times.lastCopy(folder);
      saved = copy.isPresent()
          ? ", about " + Math.max(0, copy.getAsLong() - ms) + " ms saved against the last plain copy of it here (" + copy.getAsLong() + " ms)"
          : "";
    }
    return "shared " + folder + " as " + (how.equals("symlink") ? "a symlink" : how.equals("clone") ? "a clone" : "a plain copy")
        + " in " + ms + " ms" + note + saved;
  }

  private String symlink(Path worktree, String folder, Path from, Path to) throws IOException {
    try {
      Files.createSymbolicLink(to, from);
    } catch (UnsupportedOperationException | IOException e) {
      copy(from, to); // Windows without the right to make links
      return "links are not allowed here: " + e.getMessage();
    }
    // a 'node_modules/' pattern matches folders only; the link must not show as new work
    if (!git.run(worktree, List.of("check-ignore", "-q", "--", folder)).ok()) {
      exclude.accept("/" + folder);
    }
    return "symlink";
  }

  /** Null when cloned, else why not (the partial clone removed). */
  private String cloneTree(Path from, Path to) throws IOException {
    if (!OS.startsWith("linux") && !OS.startsWith("mac")) {
      // Windows: java's copy goes through CopyFileEx, which itself clones blocks on ReFS / Dev Drive
      return "no clone tool on " + System.getProperty("os.name") + "; Windows clones blocks itself on ReFS and Dev Drive";
    }
    // cp -R goes on after a file it cannot clone: on ext4 it would make all 20,000 files of a
    // node_modules, empty, before porch removed them and copied. One file first says whether to try.
    String probe = probe(from, to.getParent());
    if (probe != null) {
      return probe;
    }
    return cp(OS.startsWith("linux")
        ? List.of("cp", "-R", "-P", "--reflink=always", "--preserve=mode,timestamps", "--", from.toString(), to.toString())
        : List.of("cp", "-c", "-R", "-P", "-p", from.toString(), to.toString()), from, to);
  }

  /**
   * Null when one regular file of {@code from} clones into {@code dir} (or {@code from} has none),
   * else why not. The probe's copy is removed either way.
   */
  static String probe(Path from, Path dir) throws IOException {
    Path file;
    try (java.util.stream.Stream<Path> s = Files.walk(from)) {
      file = s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).findFirst().orElse(null);
    }
    if (file == null) {
      return null;
    }
    Path target = dir.resolve(".porch-clone-probe-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId());
    try {
      return cp(OS.startsWith("linux")
          ? List.of("cp", "--reflink=always", "--", file.toString(), target.toString())
          : List.of("cp", "-c", file.toString(), target.toString()), file, target);
    } finally {
      Files.deleteIfExists(target);
    }
  }

  /** Runs {@code cmd}; null when it worked, else why not ({@code to} removed). */
  private static String cp(List<String> cmd, Path from, Path to) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out;
    try {
      out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        out = "cp timed out";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new WorkspaceException("interrupted while cloning " + from, e);
    }
    if (p.isAlive() || p.exitValue() != 0) {
      delete(to);
      String first = out.lines().findFirst().orElse("cp failed");
      return "this file system cannot clone: " + first;
    }
    return null;
  }

  /** A plain copy: folders, files with their times and modes, links as links. */
  static String copy(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.createDirectory(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.copy(file, to.resolve(from.relativize(file).toString()), LinkOption.NOFOLLOW_LINKS,
            StandardCopyOption.COPY_ATTRIBUTES);
        return FileVisitResult.CONTINUE;
      }
    });
    return "copy";
  }

  /** Removes what a failed clone left; never follows a link out. */
  private static void delete(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(p, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
