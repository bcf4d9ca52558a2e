package dev.porch.status.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.porch.core.error.StatusFileException;
import dev.porch.status.LockHolder;
import dev.porch.status.RepositoryLock;
import dev.porch.status.RepositoryLockedException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The {@link RepositoryLock} on {@code .agent-status/.lock}; see {@link FileLocks} for the mechanism. */
public final class FileRepositoryLock implements RepositoryLock {
  /** The lock file's name inside the status folder. */
  public static final String FILE_NAME = ".lock";
  private static final int MAX_RECORD = 4096;
  private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

  private final Path file;
  private final FileLocks.Held held;
  private final Optional<LockHolder> tookOverFrom;

  private FileRepositoryLock(Path file, FileLocks.Held held, Optional<LockHolder> tookOverFrom) {
    this.file = file;
    this.held = held;
    this.tookOverFrom = tookOverFrom;
  }

  /**
   * Takes the lock in {@code statusDir}, waiting at most {@code wait}.
   *
   * @throws RepositoryLockedException on timeout
   * @throws StatusFileException if the file cannot be created or locked
   */
  public static RepositoryLock acquire(Path statusDir, Duration wait) {
    Path file = statusDir.resolve(FILE_NAME);
    FileLocks.Held held;
    try {
      AtomicFiles.realFolder(statusDir);
      held = FileLocks.tryAcquire(file, wait);
    } catch (IOException e) {
      throw FileStatusStore.ioFailure(file, "cannot lock the repository", e);
    }
    if (held == null) {
      Optional<LockHolder> holder = readRecord(file);
      throw new RepositoryLockedException(file, holder, wait, holder.map(FileRepositoryLock::alive).orElse(true));
    }
    try {
      FileChannel ch = held.channel();
      Optional<LockHolder> previous = parse(read(ch));
      LockHolder self = self();
      ch.truncate(0);
      ByteBuffer record = ByteBuffer.wrap(toJson(self).getBytes(StandardCharsets.US_ASCII));
      while (record.hasRemaining()) {
        ch.write(record, record.position());
      }
      ch.force(false);
      // A record left behind means its holder ended without close(): killed or crashed.
      return new FileRepositoryLock(file, held, previous.filter(p -> !p.equals(self)));
    } catch (IOException e) {
      held.close();
      throw FileStatusStore.ioFailure(file, "cannot record the lock holder", e);
    }
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public Optional<LockHolder> tookOverFrom() {
    return tookOverFrom;
  }

  @Override
  public void close() {
    try {
      if (held.channel().isOpen()) {
        held.channel().truncate(0);
      }
    } catch (IOException e) {
      // The next holder will report the leftover record as stale; harmless.
    } finally {
      held.close();
    }
  }

  /** This process's record. */
  public static LockHolder self() {
    ProcessHandle me = ProcessHandle.current();
    return new LockHolder(me.pid(), me.info().startInstant(), Host.NAME);
  }

  /** Whether the holder is known to run: same host, same pid, same start time. */
  static boolean alive(LockHolder h) {
    if (!h.host().equals(Host.NAME)) {
      return true; // cannot tell from here
    }
    return ProcessHandle.of(h.pid())
        .filter(ProcessHandle::isAlive)
        .map(p -> h.started().isEmpty() || p.info().startInstant().isEmpty()
            || Duration.between(h.started().get(), p.info().startInstant().get()).abs().compareTo(START_TOLERANCE) < 0)
        .orElse(false);
  }

  private static Optional<LockHolder> readRecord(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return parse(read(ch));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static byte[] read(FileChannel ch) throws IOException {
    return Channels.newInputStream(ch.position(0)).readNBytes(MAX_RECORD);
  }

  private static Optional<LockHolder> parse(byte[] bytes) {
    try {
      JsonNode n = JsonText.MAPPER.readTree(bytes);
      if (n == null || !n.isObject() || !n.path("pid").canConvertToLong() || !n.path("host").isTextual()) {
        return Optional.empty();
      }
      Optional<Instant> started =
          n.path("started").isTextual() ? Optional.of(Instant.parse(n.get("started").textValue())) : Optional.empty();
      return Optional.of(new LockHolder(n.get("pid").longValue(), started, n.get("host").textValue()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // half-written or foreign content: holder unknown
    }
  }

  private static String toJson(LockHolder h) {
    ObjectNode o = JsonText.NODES.objectNode();
    o.put("pid", h.pid());
    h.started().ifPresent(s -> o.put("started", Dates.format(s)));
    o.put("host", h.host());
    return o.toString() + "\n";
  }

  /** The host name, found without a DNS lookup where possible. */
  private static final class Host {
    static final String NAME = find();

    private static String find() {
      String env = System.getenv("COMPUTERNAME");
      if (env != null && !env.isBlank()) {
        return env.trim();
      }
      for (String f : new String[] {"/proc/sys/kernel/hostname", "/etc/hostname"}) {
        try {
          String s = Files.readString(Path.of(f)).trim();
          if (!s.isEmpty()) {
            return s;
          }
        } catch (IOException | RuntimeException e) {
          // try the next
        }
      }
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        return "localhost";
      }
    }
  }
}
