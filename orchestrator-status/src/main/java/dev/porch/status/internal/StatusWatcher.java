package dev.porch.status.internal;

import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.error.StatusFileException;
import dev.porch.core.port.StatusChange;
import dev.porch.core.port.StatusStore;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One subscription of {@link FileStatusStore#watch}: a named daemon thread that rescans the status
 * folder when the OS reports a change (WatchService) or, without one, every poll interval.
 *
 * <p>A rescan compares each file's content with what it saw last, so a change is reported exactly
 * when a status file's bytes changed (or it appeared or vanished), whatever events the OS sent: an
 * atomic write (temp file, then rename) gives one change. Events are debounced (20 ms of quiet, at
 * most 100 ms) so a non-atomic writer such as PowerShell's {@code Out-File} is usually seen once,
 * complete. Temp files, lock files, {@code events.ndjson} and names that are not task names are
 * ignored. The JDK's own polling WatchService (macOS) checks every few seconds only, so it is
 * replaced by this class's polling.
 */
final class StatusWatcher implements StatusStore.Subscription {
  private static final AtomicInteger IDS = new AtomicInteger();
  private static final long QUIET_MS = 20;
  private static final long DEBOUNCE_MAX_MS = 100;
  private static final long SAFETY_SCAN_MS = 2_000;

  private final FileStatusStore store;
  private final Path dir;
  private final Consumer<StatusChange> listener;
  private final Map<String, String> seen = new HashMap<>();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;
  private final WatchService ws;
  private WatchKey key;
  private volatile boolean closed;

  private StatusWatcher(FileStatusStore store, Consumer<StatusChange> listener) {
    this.store = store;
    this.dir = store.folder();
    this.listener = listener;
    this.ws = store.settings().forcePolling() ? null : nativeWatchService(dir);
    this.thread = new Thread(this::run, "porch-status-watch-" + IDS.incrementAndGet());
    thread.setDaemon(true);
  }

  static StatusWatcher start(FileStatusStore store, Consumer<StatusChange> listener) {
    StatusWatcher w = new StatusWatcher(store, listener);
    w.register(); // before the first scan, so nothing written in between is missed
    w.scan(false);
    w.thread.start();
    return w;
  }

  /** The name of this subscription's thread (for tests that check it stops). */
  String threadName() {
    return thread.getName();
  }

  private static WatchService nativeWatchService(Path dir) {
    try {
      WatchService s = dir.getFileSystem().newWatchService();
      if (s.getClass().getName().contains("Polling")) {
        s.close();
        return null;
      }
      return s;
    } catch (IOException | UnsupportedOperationException e) {
      return null; // e.g. the inotify instance limit: poll instead
    }
  }

  private void register() {
    if (ws == null || key != null || !Files.isDirectory(dir)) {
      return;
    }
    try {
      key = dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
    } catch (IOException | ClosedWatchServiceException e) {
      key = null;
    }
  }

  private void run() {
    while (!closed) {
      try {
        if (key != null) {
          if (!awaitEvents()) {
            continue;
          }
        } else {
          if (stop.await(store.settings().pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
            return;
          }
          register();
        }
        scan(true);
      } catch (ClosedWatchServiceException | InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // One failed scan (a listener that threw, a folder that vanished) must not end the watch.
      }
    }
  }

  /** Waits for a relevant event, then for quiet; returns false when there is nothing to scan. */
  private boolean awaitEvents() throws InterruptedException {
    WatchKey k = ws.poll(SAFETY_SCAN_MS, TimeUnit.MILLISECONDS);
    if (k == null) {
      return true; // a periodic scan in case the OS dropped something
    }
    if (!drain(k)) {
      return false;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEBOUNCE_MAX_MS);
    while (true) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      WatchKey more = left <= 0 ? null : ws.poll(Math.min(QUIET_MS, left), TimeUnit.MILLISECONDS);
      if (more == null) {
        return true;
      }
      drain(more);
    }
  }

  private boolean drain(WatchKey k) {
    boolean relevant = false;
    for (WatchEvent<?> e : k.pollEvents()) {
      if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
        relevant = true;
      } else if (e.context() instanceof Path) {
        relevant |= taskOf(((Path) e.context()).getFileName().toString()) != null;
      }
    }
    if (!k.reset()) {
      key = null; // the folder is gone: poll until it comes back
      relevant = true;
    }
    return relevant;
  }

  private static TaskName taskOf(String fileName) {
    if (!fileName.endsWith(".json") || fileName.startsWith(".")) {
      return null;
    }
    String stem = fileName.substring(0, fileName.length() - ".json".length());
    return TaskName.isValid(stem) ? TaskName.of(stem) : null;
  }

  private void scan(boolean emit) {
    TreeMap<String, Path> now = new TreeMap<>();
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
        for (Path p : ds) {
          if (taskOf(p.getFileName().toString()) != null) {
            now.put(p.getFileName().toString(), p);
          }
        }
      } catch (IOException e) {
        return; // try again on the next event or tick
      }
    }
    TreeMap<String, StatusChange> changes = new TreeMap<>();
    for (Map.Entry<String, Path> e : now.entrySet()) {
      TaskName task = taskOf(e.getKey());
      String fingerprint;
      byte[] bytes = null;
      StatusFileException unreadable = null;
      try {
        bytes = store.readBytes(e.getValue());
        if (bytes == null) {
          continue; // vanished since the listing; the next scan reports it
        }
        fingerprint = digest(bytes);
      } catch (StatusFileException ex) {
        fingerprint = "unreadable:" + ex.getMessage();
        unreadable = ex;
      }
      if (fingerprint.equals(seen.put(e.getKey(), fingerprint))) {
        // Unchanged: not decoded again. Decoding (parse, trust checks on disk) every file on every
        // rescan made a run of n tasks cost O(n^2) decodes (docs/reliability.md).
        continue;
      }
      changes.put(e.getKey(), unreadable != null
          ? new StatusChange(task, Optional.empty(), Optional.of(unreadable))
          : decode(task, e.getValue(), bytes));
    }
    for (String gone : new java.util.ArrayList<>(seen.keySet())) {
      if (!now.containsKey(gone)) {
        seen.remove(gone);
        changes.put(gone, new StatusChange(taskOf(gone), Optional.empty(), Optional.empty()));
      }
    }
    if (emit) {
      for (StatusChange c : changes.values()) {
        if (closed) {
          return;
        }
        try {
          listener.accept(c);
        } catch (RuntimeException ex) {
          // A listener's failure is its own; the other changes still go out.
        }
      }
    }
  }

  private StatusChange decode(TaskName task, Path file, byte[] bytes) {
    try {
      AgentStatus s = store.decode(task, file, bytes);
      return new StatusChange(task, Optional.of(s), Optional.empty());
    } catch (StatusFileException ex) {
      return new StatusChange(task, Optional.empty(), Optional.of(ex));
    }
  }

  private static String digest(byte[] bytes) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop.countDown();
    if (ws != null) {
      try {
        ws.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    if (Thread.currentThread() != thread) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
