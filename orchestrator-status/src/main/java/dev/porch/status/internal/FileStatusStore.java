package dev.porch.status.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.error.StatusFileException;
import dev.porch.core.error.TamperedStatusException;
import dev.porch.core.port.StatusChange;
import dev.porch.core.port.StatusListing;
import dev.porch.core.port.StatusStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The {@link StatusStore} over {@code <repo>/.agent-status/<task>.json}. See {@code
 * docs/status-files.md} for the format and the guarantees.
 *
 * <p>Writers of one task (write, update, delete) exclude each other across threads and processes
 * through {@code .agent-status/.locks/<task>.lock}; readers take no lock, because every write
 * replaces the file atomically. The lock is not reentrant: a function given to {@link #update} must
 * not write, update or delete the same task (it would wait for its own lock until {@code
 * lockTimeout} and fail).
 */
public final class FileStatusStore implements StatusStore {
  /** The status folder's name. */
  public static final String FOLDER = ".agent-status";
  /** Where the per-task lock files live, inside the status folder. */
  public static final String LOCKS = ".locks";

  private final Path repoRoot;
  private final Path dir;
  private final Settings settings;
  private final StatusCodec codec;

  /**
   * A store for {@code repoRoot}; nothing is created until the first write.
   *
   * @param repoRoot the repository's root folder
   * @param settings checked settings
   */
  public FileStatusStore(Path repoRoot, Settings settings) {
    this.repoRoot = repoRoot.toAbsolutePath().normalize();
    this.dir = this.repoRoot.resolve(FOLDER);
    this.settings = settings;
    this.codec = new StatusCodec(settings.localZone());
  }

  Path folder() {
    return dir;
  }

  Settings settings() {
    return settings;
  }

  private Path fileOf(TaskName task) {
    return dir.resolve(task.value() + ".json");
  }

  @Override
  public Optional<Path> location(TaskName task) {
    return Optional.of(fileOf(task));
  }

  @Override
  public Optional<AgentStatus> read(TaskName task) {
    Path file = fileOf(task);
    byte[] bytes = readBytes(file);
    return bytes == null ? Optional.empty() : Optional.of(decode(task, file, bytes));
  }

  /** The file's bytes, or null when it does not exist. */
  byte[] readBytes(Path file) {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new StatusFileException(file, "cannot read: " + describe(e), e);
    }
    if (attrs.isSymbolicLink()) {
      throw new TamperedStatusException(file, "file", file.getFileName().toString(), "the status file is a symbolic link");
    }
    if (!attrs.isRegularFile()) {
      // Opening a FIFO for reading blocks until someone writes to it: never open what is not a file.
      throw new StatusFileException(file, "it is " + (attrs.isDirectory() ? "a folder" : "not a regular file (a pipe,"
          + " socket or device)") + ", not a status file; remove it", null);
    }
    try {
      return AtomicFiles.read(file, settings.maxFileSize());
    } catch (NoSuchFileException e) {
      return null;
    } catch (AtomicFiles.TooLargeException e) {
      throw new StatusFileException(
          file, "the file has " + e.size() + " bytes; the limit is " + settings.maxFileSize() + " bytes", e);
    } catch (IOException e) {
      throw new StatusFileException(file, "cannot read: " + describe(e), e);
    }
  }

  /** A status from a file's bytes, checked for tampering against this repository. */
  AgentStatus decode(TaskName task, Path file, byte[] bytes) {
    AgentStatus s = codec.decode(file, task, JsonText.parse(file, JsonText.decode(file, bytes)));
    Trust.onDisk(file, repoRoot, task, s.worktree());
    return s;
  }

  @Override
  public void write(AgentStatus status) {
    try (FileLocks.Held lock = lock(status.task())) {
      writeLocked(status);
    }
  }

  private AgentStatus writeLocked(AgentStatus status) {
    Path file = fileOf(status.task());
    // Refuse to write what would read back as tampered: the same rules guard both directions.
    Trust.branch(file, status.branch());
    String worktree = Trust.worktree(file, status.task(), status.worktree());
    AgentStatus normal = status.worktree().equals(worktree) ? status : status.withWorktree(worktree);
    ObjectNode previous = previousObject(file);
    try {
      AtomicFiles.write(file, StatusCodec.toBytes(codec.encode(normal, previous)));
    } catch (IOException e) {
      throw ioFailure(file, "cannot write (the previous file is intact)", e);
    }
    return normal;
  }

  /** The current file as JSON, to keep fields others added; null when missing or unreadable. */
  private ObjectNode previousObject(Path file) {
    try {
      byte[] bytes = readBytes(file);
      return bytes == null ? null : JsonText.parse(file, JsonText.decode(file, bytes)).root();
    } catch (StatusFileException e) {
      return null; // nothing worth keeping in a file nobody can read
    }
  }

  @Override
  public AgentStatus update(TaskName task, UnaryOperator<AgentStatus> change) {
    try (FileLocks.Held lock = lock(task)) {
      AgentStatus current =
          read(task).orElseThrow(() -> new StatusFileException(fileOf(task), "no status for task " + task, null));
      AgentStatus next = change.apply(current);
      if (next == null || !next.task().equals(task)) {
        throw new IllegalArgumentException(
            "update of " + task + " must return a status of the same task, got " + (next == null ? null : next.task()));
      }
      return writeLocked(next);
    }
  }

  @Override
  public boolean delete(TaskName task) {
    Path file = fileOf(task);
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (FileLocks.Held lock = lock(task)) {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      throw ioFailure(file, "cannot delete", e);
    }
  }

  @Override
  public StatusListing list() {
    List<AgentStatus> statuses = new ArrayList<>();
    List<StatusFileException> problems = new ArrayList<>();
    TreeMap<String, Path> files = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return new StatusListing(statuses, problems);
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (!name.startsWith(".")) {
          files.put(name, p);
        }
      }
    } catch (IOException e) {
      problems.add(new StatusFileException(dir, "cannot list the folder: " + describe(e), e));
      return new StatusListing(statuses, problems);
    }
    for (Path p : files.values()) {
      String name = p.getFileName().toString();
      String stem = name.substring(0, name.length() - ".json".length());
      if (!TaskName.isValid(stem)) {
        problems.add(new StatusFileException(p,
            "the file name is not a task name (" + TaskName.problem(stem) + "); rename it or delete it", null));
        continue;
      }
      try {
        read(TaskName.of(stem)).ifPresent(statuses::add);
      } catch (StatusFileException e) {
        problems.add(e);
      }
    }
    return new StatusListing(statuses, problems);
  }

  @Override
  public Subscription watch(Consumer<StatusChange> listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    return StatusWatcher.start(this, listener);
  }

  private FileLocks.Held lock(TaskName task) {
    Path locks = dir.resolve(LOCKS);
    Path lockFile = locks.resolve(task.value() + ".lock");
    FileLocks.Held held;
    try {
      AtomicFiles.realFolder(dir);
      AtomicFiles.realFolder(locks);
      held = FileLocks.tryAcquire(lockFile, settings.lockTimeout());
    } catch (IOException e) {
      throw ioFailure(lockFile, "cannot lock", e);
    }
    if (held == null) {
      throw new StatusFileException(lockFile,
          "another writer held the lock on " + task + " for more than " + settings.lockTimeout().toMillis()
              + " ms; is a porch process hung?", null);
    }
    return held;
  }

  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or folder " + e.getMessage();
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied (" + e.getMessage() + ")";
    }
    if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
      return ((FileSystemException) e).getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  /**
   * The file could not be read or written at all (permissions, a read-only or full disk): the
   * hint is about the folder, not the file's content.
   */
  static StatusFileException ioFailure(Path file, String what, IOException e) {
    Path folder = file.getParent() == null ? file : file.getParent();
    String hint = e instanceof AtomicFiles.NotPlainException
        ? "porch changed nothing there; move the link or file away by hand, then run the command again"
        : "check that " + folder + " is writable and its disk has free space, then run the command again";
    return new StatusFileException(file, what + ": " + describe(e), java.util.List.of(hint), e);
  }
}
