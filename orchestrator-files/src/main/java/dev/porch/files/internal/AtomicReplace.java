package dev.porch.files.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Replaces a file so that readers in any process see the old content or the new, never a part: write
 * {@code .<name>.<random>.tmp} in the same folder, fsync it, rename it over the target with {@link
 * StandardCopyOption#ATOMIC_MOVE}, fsync the folder.
 *
 * <p>Fallback: where the file system refuses an atomic replace ({@link
 * AtomicMoveNotSupportedException}: some network and FUSE file systems), the move falls back to a
 * plain replace; a reader may then briefly find no file, but still never a partial one. On Windows a
 * replace fails with {@link AccessDeniedException} while another process has the target open without
 * FILE_SHARE_DELETE (a reader such as PowerShell's Get-Content); that lasts milliseconds, so the move
 * is retried a few times with a growing pause. Folders that cannot be opened for fsync (Windows) are
 * skipped: the data itself is on disk by then. The temp file is deleted on every failure.
 *
 * <p>The rename replaces the name itself: if the target is a symbolic link, the link is replaced, and
 * whatever it pointed to is never opened.
 */
public final class AtomicReplace {
  private static final int WINDOWS_RETRIES = 8;

  private AtomicReplace() {}

  /**
   * Replaces {@code target} with {@code content}; its folder must exist (and be checked by the
   * caller).
   *
   * @param target the file
   * @param content its new bytes
   * @throws IOException if it cannot; {@code target} is then unchanged and no temp file remains
   */
  public static void write(Path target, byte[] content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp =
        dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    boolean moved = false;
    try {
      // CREATE_NEW never follows a link: a name that exists, link or not, fails the open.
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
          // The original failure matters more; every reader ignores the temp name.
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
        if (attempt >= WINDOWS_RETRIES || Files.isDirectory(target)) {
          throw e;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(attempt * 5L));
      }
    }
  }

  /** Makes the rename durable where the file system lets a folder be opened. */
  private static void syncFolder(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not supported here (Windows); the data itself is already on disk.
    }
  }
}
