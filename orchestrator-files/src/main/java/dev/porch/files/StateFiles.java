package dev.porch.files;

import dev.porch.files.internal.AtomicReplace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * The one guard for files porch writes inside a repository, and its atomic writes.
 *
 * <p>A repository can carry a symbolic link anywhere (git tracks links), for instance at {@code
 * .agent-status}, {@code .agent-status/logs} or at a log's own name; writing through it would put
 * porch's files, truncations included, wherever it points. So every method takes the repository
 * {@code root} (trusted: the caller found it) and the file, and checks <em>every</em> folder from
 * just below {@code root} down to the file's folder: each is made if missing, and one that exists
 * must be a real folder. Refused, one way on every platform:
 *
 * <ul>
 *   <li>a symbolic link (to a folder or not), on every platform;
 *   <li>a folder that is also a reparse point: a Windows junction or mount point, which Java reports
 *       as {@link BasicFileAttributes#isOther()} when read without following links;
 *   <li>a file, pipe, socket or device where a folder must be.
 * </ul>
 *
 * <p>The file itself must be absent or a plain file before it is opened ({@link #plainOrAbsent}): a
 * link would be followed, and opening a named pipe would wait for a reader forever. Opening also
 * passes {@link LinkOption#NOFOLLOW_LINKS}, so a link planted between the check and the open fails
 * the open. {@link #write} replaces a file atomically instead; the rename swaps the name itself, so
 * a link there is replaced, never followed.
 *
 * <pre>{@code
 * Path log = StateFiles.prepare(repo, repo.resolve(".agent-status/logs/auth-1.log"));
 * try (OutputStream out = StateFiles.append(repo, log)) { ... }
 * StateFiles.write(repo, repo.resolve(".agent-status/prompts/auth-1.md"), prompt);
 * }</pre>
 *
 * <p>Thread-safe: every method works on the file system alone. Each throws {@link
 * UnsafePathException} (an {@link IOException}) for a path in the way, other {@link IOException}s
 * for the disk's own failures.
 */
public final class StateFiles {
  private StateFiles() {}

  /**
   * Makes each folder from just below {@code root} down to {@code folder}, refusing any that exists
   * as anything but a real folder.
   *
   * @param root the repository (trusted, not checked)
   * @param folder a folder inside it
   * @return {@code folder}
   * @throws UnsafePathException naming the first folder in the way, or when {@code folder} is not
   *     inside {@code root}
   * @throws IOException if a folder cannot be made
   */
  public static Path folders(Path root, Path folder) throws IOException {
    Path base = root.toAbsolutePath().normalize();
    Path target = folder.toAbsolutePath().normalize();
    if (!target.startsWith(base)) {
      throw outside(folder, root);
    }
    Path at = base;
    for (Path part : base.relativize(target)) {
      if (part.toString().isEmpty()) {
        continue; // folder == root
      }
      at = at.resolve(part);
      ensureFolder(at);
    }
    return folder;
  }

  /**
   * Makes and checks the folders down to {@code file}'s folder ({@link #folders}) and checks the file
   * itself ({@link #plainOrAbsent}).
   *
   * @param root the repository (trusted, not checked)
   * @param file a file inside it, strictly below {@code root}
   * @return {@code file}
   * @throws UnsafePathException naming the path that is in the way and what to do
   * @throws IOException if a folder cannot be made
   */
  public static Path prepare(Path root, Path file) throws IOException {
    Path parent = file.toAbsolutePath().normalize().getParent();
    if (parent == null || !parent.startsWith(root.toAbsolutePath().normalize())) {
      throw outside(file, root);
    }
    folders(root, parent);
    plainOrAbsent(file);
    return file;
  }

  /**
   * Refuses a path that exists as anything but a plain file (a link, a junction, a folder, a pipe, a
   * socket or a device). Folders above it are not checked; use {@link #prepare} before writing.
   *
   * @param file the file
   * @throws UnsafePathException if it is not absent or plain
   * @throws IOException if its attributes cannot be read
   */
  public static void plainOrAbsent(Path file) throws IOException {
    BasicFileAttributes a = attributes(file);
    if (a != null && !a.isRegularFile()) {
      String kind = kind(a);
      throw new UnsafePathException(file, kind, file + " is " + kind + ", not a plain file; porch will not write"
          + " through it: remove it (it is not porch's) and try again");
    }
  }

  /**
   * Opens {@code file} for appending, creating it, after {@link #prepare}; never through a link.
   *
   * @param root the repository
   * @param file a file inside it
   * @return the stream; the caller closes it
   * @throws IOException as {@link #prepare}, or if the file cannot be opened
   */
  public static OutputStream append(Path root, Path file) throws IOException {
    return Files.newOutputStream(prepare(root, file), open(StandardOpenOption.APPEND));
  }

  /**
   * Opens {@code file} emptied, creating it, after {@link #prepare}; never through a link.
   *
   * @param root the repository
   * @param file a file inside it
   * @return the stream; the caller closes it
   * @throws IOException as {@link #prepare}, or if the file cannot be opened
   */
  public static OutputStream replace(Path root, Path file) throws IOException {
    return Files.newOutputStream(prepare(root, file), open(StandardOpenOption.TRUNCATE_EXISTING));
  }

  /**
   * Replaces {@code file} with {@code content} atomically, after making and checking its folders
   * ({@link #folders}): a temp file {@code .<name>.<random>.tmp} in the same folder, fsync, a rename
   * with {@code ATOMIC_MOVE} (a plain replace where the file system refuses that), fsync of the
   * folder. Readers see the old content or the new, never a part. A link at {@code file}'s own name
   * is replaced by the rename, never followed.
   *
   * @param root the repository
   * @param file a file inside it
   * @param content the new bytes
   * @throws UnsafePathException if a folder on the way is in the way
   * @throws IOException if it cannot be written; {@code file} is then unchanged and no temp file
   *     remains
   */
  public static void write(Path root, Path file, byte[] content) throws IOException {
    Objects.requireNonNull(content, "content");
    Path parent = file.toAbsolutePath().normalize().getParent();
    if (parent == null || !parent.startsWith(root.toAbsolutePath().normalize())) {
      throw outside(file, root);
    }
    folders(root, parent);
    AtomicReplace.write(file, content);
  }

  /**
   * {@link #write(Path, Path, byte[])} of {@code text} as UTF-8.
   *
   * @param root the repository
   * @param file a file inside it
   * @param text the new content
   * @throws IOException as {@link #write(Path, Path, byte[])}
   */
  public static void write(Path root, Path file, String text) throws IOException {
    write(root, file, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a whole file, never through a link and never more than {@code max} bytes.
   *
   * @param file the file
   * @param max the most bytes accepted
   * @return its bytes
   * @throws NoSuchFileException if it does not exist
   * @throws FileTooLargeException if it holds more than {@code max} bytes
   * @throws IOException for other failures (a symbolic link gives a {@link
   *     java.nio.file.FileSystemException})
   */
  public static byte[] read(Path file, long max) throws IOException {
    try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = ch.size();
      if (size > max) {
        throw new FileTooLargeException(size);
      }
      // Read up to one byte past the limit: the file may grow between size() and the read.
      byte[] out = Channels.newInputStream(ch).readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (out.length > max) {
        throw new FileTooLargeException(out.length);
      }
      return out;
    }
  }

  private static OpenOption[] open(StandardOpenOption how) {
    return new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.WRITE, how, LinkOption.NOFOLLOW_LINKS};
  }

  private static void ensureFolder(Path folder) throws IOException {
    try {
      Files.createDirectory(folder);
      return;
    } catch (FileAlreadyExistsException e) {
      // see what is there
    }
    BasicFileAttributes a = attributes(folder);
    // isOther: a Windows junction is a folder that is also a reparse point, and leads elsewhere too.
    if (a == null || !a.isDirectory() || a.isSymbolicLink() || a.isOther()) {
      String kind = a == null ? "missing" : kind(a);
      throw new UnsafePathException(folder, kind, folder + " is " + kind + ", not a folder; porch keeps its state only"
          + " in real folders inside the repository and will not follow it: remove it (it is not porch's)");
    }
  }

  private static UnsafePathException outside(Path path, Path root) {
    return new UnsafePathException(path, "outside", path + " is not inside " + root + "; porch writes only there");
  }

  private static BasicFileAttributes attributes(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static String kind(BasicFileAttributes a) {
    if (a.isSymbolicLink()) {
      return "a symbolic link";
    }
    if (a.isDirectory()) {
      return a.isOther() ? "a junction or mount point" : "a folder";
    }
    return a.isRegularFile() ? "a file" : "a pipe, socket or device";
  }
}
