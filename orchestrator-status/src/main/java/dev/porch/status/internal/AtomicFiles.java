package dev.porch.status.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Whole-file reads with a size limit, and atomic replacement: write a temp file in the same folder,
 * fsync it, rename it over the target.
 *
 * <p>Readers in any process see the old content or the new, never a torn or empty file, because a
 * rename within one folder is atomic on every local file system porch supports. Where the file
 * system refuses an atomic replace ({@link AtomicMoveNotSupportedException}: some network and FUSE
 * file systems), the move falls back to a plain replace: a reader may then briefly find no file
 * (which reads as "no status"), but still never a partial one. Temp files are named {@code
 * .<name>.<random>.tmp} and are deleted on every failure.
 */
public final class AtomicFiles {
  private static final int WINDOWS_RETRIES = 8;

  private AtomicFiles() {}

  /** Thrown by {@link #read} for a file over the limit. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long size;

    TooLargeException(long size) {
      super("too large: " + size + " bytes");
      this.size = size;
    }

    /** The size seen, or the limit + 1 when the file grew while being read. */
    public long size() {
      return size;
    }
  }

  /**
   * Reads a whole file, refusing symbolic links and files over {@code max} bytes.
   *
   * @throws java.nio.file.NoSuchFileException if it does not exist
   * @throws TooLargeException if it holds more than {@code max} bytes
   * @throws IOException for other failures (a symbolic link gives a {@link
   *     java.nio.file.FileSystemException})
   */
  public static byte[] read(Path file, long max) throws IOException {
    try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = ch.size();
      if (size > max) {
        throw new TooLargeException(size);
      }
      // Read up to one byte past the limit: the file may grow between size() and the read.
      byte[] out = Channels.newInputStream(ch).readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (out.length > max) {
        throw new TooLargeException(out.length);
      }
      return out;
    }
  }

  /** A path porch would write through is a link, a pipe or the wrong kind of file. */
  public static final class NotPlainException extends IOException {
    private static final long serialVersionUID = 1L;

    NotPlainException(String message) {
      super(message);
    }
  }

  /**
   * Makes {@code folder} if it is missing; if it exists it must be a real folder. A repository can
   * carry a symbolic link at {@code .agent-status} (or {@code .agent-status/.locks}), and writing
   * through it would put porch's files wherever it points.
   *
   * @throws IOException naming the folder and what to do, when it is a link or not a folder
   */
  public static void realFolder(Path folder) throws IOException {
    try {
      Files.createDirectory(folder);
      return;
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // see what is there
    }
    java.nio.file.attribute.BasicFileAttributes a =
        Files.readAttributes(folder, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    // isOther: a Windows junction is a folder that is also a reparse point, and leads elsewhere too
    if (a.isSymbolicLink() || !a.isDirectory() || a.isOther()) {
      throw new NotPlainException(folder + " is " + (a.isSymbolicLink() ? "a symbolic link" : a.isOther() ? "a junction or"
          + " mount point" : "not a folder") + "; porch keeps its state only in a real folder inside the repository");
    }
  }

  /**
   * Refuses a path that exists as anything but a plain file: opening a link would write where it
   * points, and opening a named pipe would wait for a reader forever.
   */
  public static void plainOrAbsent(Path file) throws IOException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new NotPlainException(file + " is not a plain file (a link, pipe or folder); porch will not open it");
    }
  }

  /**
   * Replaces {@code target} with {@code content} atomically (see the class comment). The folder must
   * exist.
   *
   * @throws IOException if it cannot; {@code target} is then unchanged and no temp file remains
   */
  public static void write(Path target, byte[] content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp =
        dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      move(tmp, target);
      moved = true;
      syncFolder(dir);
    } finally {
      if (!moved) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // The original failure matters more; the temp name is ignored by every reader.
        }
      }
    }
  }

  private static void move(Path tmp, Path target) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return;
      } catch (AccessDeniedException e) {
        // Windows refuses to replace a file another process has open without FILE_SHARE_DELETE (a
        // reader such as PowerShell's Get-Content); that lasts milliseconds, so retry briefly.
        if (attempt >= WINDOWS_RETRIES || Files.isDirectory(target)) {
          throw e;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(attempt * 5L));
      }
    }
  }

  /** Makes the rename durable; file systems that cannot open folders (Windows) are skipped. */
  private static void syncFolder(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not supported here; the data itself is already on disk.
    }
  }
}
