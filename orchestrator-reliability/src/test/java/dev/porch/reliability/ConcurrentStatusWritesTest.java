package dev.porch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.port.StatusStore;
import dev.porch.core.testing.ChildJvm;
import dev.porch.status.StatusFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, load: status operations from 4 child JVMs on 4 shared files (2 changed only by
 * {@code update}, 2 only by {@code write}, up to 16,000 characters each) while this JVM reads them
 * without pause, through the store, as raw bytes (as PowerShell would) and by listing. Goes beyond
 * orchestrator-status' AtomicWriteTest (1 child, 1 file, 330 writes; 240 updates from 2 JVMs).
 *
 * <p>The default build runs issue 9's full 10,000 (4 x 2,500). Every operation fsyncs twice, so the
 * time is the disk's: 35 to 105 s on the machines this ran on. {@code
 * -Dporch.reliability.statusOps=N} sets the operations per child.
 */
class ConcurrentStatusWritesTest {
  private static final int CHILDREN = 4;
  private static final int OPS_EACH = Integer.getInteger("porch.reliability.statusOps", 2_500);
  private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(420);

  @TempDir Path repo;

  @Test
  void updateAndWrite_4ProcessesOn4SharedFiles_noTornReadNoLostUpdate() throws Exception {
    StatusStore store = StatusFiles.open(repo);
    LoadChild.COUNTERS.forEach(t -> store.write(LoadChild.fresh(t).withSummary("0")));
    LoadChild.BOARDS.forEach(t -> store.write(LoadChild.fresh(t).withSummary(LoadChild.boardSummary(0, 0))));
    List<String> bad = new CopyOnWriteArrayList<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong reads = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<ChildJvm> children = new ArrayList<>();
    long nanos;
    try {
      for (int i = 1; i <= CHILDREN; i++) {
        children.add(ChildJvm.start(LoadChild.class, "status", repo.toString(), "" + i, "" + OPS_EACH));
      }
      for (ChildJvm c : children) {
        c.awaitLine("ready", CHILD_TIMEOUT);
      }
      List<Future<?>> readers = List.of(
          pool.submit(() -> readThroughTheStore(store, writing, reads, bad)),
          pool.submit(() -> readRawBytes(store, writing, reads, bad)),
          pool.submit(() -> listAll(store, writing, reads, bad)));
      long t0 = System.nanoTime();
      for (ChildJvm c : children) {
        c.send("go");
      }
      for (ChildJvm c : children) {
        assertThat(c.await(CHILD_TIMEOUT)).as(c.output()).isZero();
      }
      nanos = System.nanoTime() - t0;
      writing.set(false);
      for (Future<?> f : readers) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      writing.set(false);
      pool.shutdownNow();
      for (ChildJvm c : children) {
        c.close();
      }
    }
    assertThat(bad).as("torn, unknown, backward or failed reads").isEmpty();
    for (TaskName counter : LoadChild.COUNTERS) {
      assertThat(store.read(counter).map(LoadChild::counter)).as("%s", counter).contains(CHILDREN * OPS_EACH / 4);
    }
    for (TaskName board : LoadChild.BOARDS) {
      assertThat(store.read(board).flatMap(AgentStatus::summary).map(LoadChild::isBoardSummary)).contains(true);
    }
    assertThat(store.list().problems()).isEmpty();
    try (Stream<Path> files = Files.list(repo.resolve(".agent-status"))) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp"))).isEmpty();
    }
    int ops = CHILDREN * OPS_EACH;
    Figures.report(getClass().getSimpleName(), String.format(
        "%d processes x %d ops (half update, half write) = %d in %.1f s: %.0f ops/s; %d reads in this JVM meanwhile",
        CHILDREN, OPS_EACH, ops, nanos / 1e9, ops / (nanos / 1e9), reads.get()));
  }

  /** Reads every file through the store: each counter never goes back, each board is a value written. */
  private static Void readThroughTheStore(StatusStore store, AtomicBoolean writing, AtomicLong reads, List<String> bad) {
    Map<TaskName, Integer> last = new HashMap<>();
    while (writing.get() && bad.size() < 20) {
      for (TaskName t : LoadChild.COUNTERS) {
        try {
          int n = store.read(t).map(LoadChild::counter).orElse(-1);
          if (n < last.getOrDefault(t, 0) || n > CHILDREN * OPS_EACH / 4) {
            bad.add(t + ": read " + n + " after " + last.get(t));
          }
          last.put(t, n);
        } catch (RuntimeException e) {
          bad.add(t + ": " + e);
        }
      }
      for (TaskName t : LoadChild.BOARDS) {
        try {
          String s = store.read(t).flatMap(AgentStatus::summary).orElse("");
          if (!LoadChild.isBoardSummary(s)) {
            bad.add(t + ": a summary nobody wrote, " + s.length() + " characters");
          }
        } catch (RuntimeException e) {
          bad.add(t + ": " + e);
        }
      }
      reads.addAndGet(4);
    }
    return null;
  }

  /** Reads the board files as plain bytes, the way a script without porch's reader would. */
  private static Void readRawBytes(StatusStore store, AtomicBoolean writing, AtomicLong reads, List<String> bad) {
    ObjectMapper json = new ObjectMapper();
    while (writing.get() && bad.size() < 20) {
      for (TaskName t : LoadChild.BOARDS) {
        try {
          byte[] raw = Files.readAllBytes(store.location(t).orElseThrow());
          JsonNode n = json.readTree(raw);
          if (n == null || !LoadChild.isBoardSummary(n.path("summary").asText())) {
            bad.add(t + ": raw read of " + raw.length + " bytes is not a written value");
          }
        } catch (Exception e) {
          bad.add(t + ": raw read failed: " + e);
        }
      }
      reads.addAndGet(2);
    }
    return null;
  }

  /** Lists the folder: all 4 files, no problem. */
  private static Void listAll(StatusStore store, AtomicBoolean writing, AtomicLong reads, List<String> bad) {
    while (writing.get() && bad.size() < 20) {
      try {
        var listing = store.list();
        if (!listing.problems().isEmpty() || listing.statuses().size() != 4) {
          bad.add("list: " + listing.statuses().size() + " statuses, problems " + listing.problems());
        }
      } catch (RuntimeException e) {
        bad.add("list: " + e);
      }
      reads.addAndGet(4);
    }
    return null;
  }
}
