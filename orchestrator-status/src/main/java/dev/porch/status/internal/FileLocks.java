package dev.porch.status.internal;

import dev.porch.files.StateFiles;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Exclusive locks that hold across threads and processes: a per-file semaphore for this JVM, then
 * an OS lock ({@link FileChannel#tryLock}) for other processes.
 *
 * <p>Why both: the OS lock belongs to the process, so two threads of one JVM cannot exclude each
 * other with it ({@link OverlappingFileLockException}), and on POSIX closing any channel to a file
 * drops every lock the process holds on it. So within a JVM the semaphore lets exactly one thread
 * at a time open a channel to a given lock file. The semaphore map is static because the OS lock is
 * per process: two stores on the same folder in one JVM must share it.
 *
 * <p>The OS lock covers one byte far past the end of the file, so the file's own content (the
 * repository lock's holder record) stays readable by waiters even on Windows, where locks are
 * mandatory for the bytes they cover. A dead process's OS lock is released by the kernel.
 *
 * <p>Waiting polls {@code tryLock} with a short randomised backoff (0.2 to 8 ms): there is no
 * portable way to wait on an OS file lock with a timeout. Across processes this is not fair, only
 * bounded.
 */
public final class FileLocks {
  /** The locked byte's offset: past any content. */
  static final long REGION = 0x7FFF_FFF0L;

  private static final ConcurrentHashMap<Path, Semaphore> JVM = new ConcurrentHashMap<>();

  private FileLocks() {}

  /** A held lock; {@link #close()} releases it once and never throws. */
  public static final class Held implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;
    private final Semaphore jvm;
    private final AtomicBoolean open = new AtomicBoolean(true);

    Held(FileChannel channel, FileLock lock, Semaphore jvm) {
      this.channel = channel;
      this.lock = lock;
      this.jvm = jvm;
    }

    /** The lock file's channel, for reading and writing its content while held. */
    public FileChannel channel() {
      return channel;
    }

    @Override
    public void close() {
      if (!open.compareAndSet(true, false)) {
        return;
      }
      try {
        lock.release();
      } catch (IOException e) {
        // Closing the channel below releases it too.
      }
      try {
        channel.close();
      } catch (IOException e) {
        // Nothing left to release.
      } finally {
        jvm.release();
      }
    }
  }

  /**
   * Takes the lock on {@code lockFile} (created if missing; its folder must exist), waiting at most
   * {@code wait}.
   *
   * @return the held lock, or null when {@code wait} passed first
   * @throws InterruptedIOException if the thread is interrupted while waiting (its flag is kept)
   * @throws IOException if the file cannot be opened or the file system has no locks
   */
  public static Held tryAcquire(Path lockFile, Duration wait) throws IOException {
    // One key per real file, so two spellings of a path never give two channels in one JVM.
    Path key = lockFile.getParent().toRealPath().resolve(lockFile.getFileName().toString());
    Semaphore jvm = JVM.computeIfAbsent(key, k -> new Semaphore(1, true));
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      if (!jvm.tryAcquire(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS)) {
        return null;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + lockFile);
    }
    FileChannel ch = null;
    boolean handedOver = false;
    try {
      StateFiles.plainOrAbsent(key);
      ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
          java.nio.file.LinkOption.NOFOLLOW_LINKS);
      long pause = 200_000;
      while (true) {
        FileLock lock;
        try {
          lock = ch.tryLock(REGION, 1, false);
        } catch (OverlappingFileLockException e) {
          lock = null; // the same file through a hard link: treat as busy
        }
        if (lock != null) {
          handedOver = true;
          return new Held(ch, lock, jvm);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        LockSupport.parkNanos(Math.min(left, pause + ThreadLocalRandom.current().nextLong(pause)));
        pause = Math.min(pause * 2, 8_000_000);
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("interrupted while waiting for " + lockFile);
        }
      }
    } finally {
      if (!handedOver) {
        try {
          if (ch != null) {
            ch.close();
          }
        } finally {
          jvm.release();
        }
      }
    }
  }
}
