package dev.porch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.testing.ChildJvm;
import dev.porch.status.EventLog;
import dev.porch.status.EventRecord;
import dev.porch.status.StatusFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, load: {@code events.ndjson} appended to by 4 child JVMs and this one at once (two porch
 * runs in one repository, or an embedding tool next to the CLI, both append), with lines up to
 * about 9 KB, more than a page, while this JVM reads the log's tail without pause. Goes beyond
 * orchestrator-status' EventLogTest (1 child, 1.2 KB lines, nobody reading meanwhile).
 */
class ConcurrentEventAppendsTest {
  private static final int CHILDREN = 4;
  private static final int EACH = 1_500;
  private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path repo;

  @Test
  void onEvent_5ProcessesAppendingWhileReading_everyLineWholeNothingLostOrderKeptPerWriter() throws Exception {
    List<String> bad = new CopyOnWriteArrayList<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong tailReads = new AtomicLong();
    List<ChildJvm> children = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    long nanos;
    try (EventLog log = StatusFiles.eventLog(repo)) {
      for (int i = 1; i <= CHILDREN; i++) {
        children.add(ChildJvm.start(LoadChild.class, "events", repo.toString(), "" + i, "" + EACH));
      }
      for (ChildJvm c : children) {
        c.awaitLine("ready", CHILD_TIMEOUT);
      }
      Future<?> reader = pool.submit(() -> readTail(writing, tailReads, bad));
      long t0 = System.nanoTime();
      for (ChildJvm c : children) {
        c.send("go");
      }
      Future<?> mine = pool.submit(() -> {
        for (int i = 0; i < EACH; i++) {
          log.onEvent(new OrchestrationEvent.Problem("w0", Instant.now(), Optional.empty(), "load", LoadChild.eventMessage(i)));
        }
        return null;
      });
      mine.get(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      for (ChildJvm c : children) {
        assertThat(c.await(CHILD_TIMEOUT)).as(c.output()).isZero();
      }
      nanos = System.nanoTime() - t0;
      writing.set(false);
      reader.get(30, TimeUnit.SECONDS);
    } finally {
      writing.set(false);
      pool.shutdownNow();
      for (ChildJvm c : children) {
        c.close();
      }
    }
    Path file = repo.resolve(".agent-status/events.ndjson");
    assertThat(EventLogCheck.tornLines(file)).isEmpty();
    int total = (CHILDREN + 1) * EACH;
    assertThat(EventLogCheck.lineCount(file)).isEqualTo(total);
    List<EventRecord> events = StatusFiles.readEvents(repo);
    assertThat(events).hasSize(total);
    Map<String, Integer> next = new HashMap<>();
    for (EventRecord e : events) {
      int expected = next.getOrDefault(e.run(), 0);
      assertThat(e.text("message")).as("event %d of %s", expected, e.run()).contains(LoadChild.eventMessage(expected));
      next.put(e.run(), expected + 1);
    }
    assertThat(next).hasSize(CHILDREN + 1).allSatisfy((run, n) -> assertThat(n).isEqualTo(EACH));
    assertThat(bad).as("events read back while being written that nobody wrote").isEmpty();
    Figures.report(getClass().getSimpleName(), String.format(
        "%d processes x %d events = %d lines (up to %d bytes) in %.1f s: %.0f lines/s; %d tail reads meanwhile",
        CHILDREN + 1, EACH, total, java.nio.file.Files.readAllLines(file).stream().mapToInt(String::length).max().orElse(0),
        nanos / 1e9, total / (nanos / 1e9), tailReads.get()));
  }

  /** Reads the last 50 events again and again: each one read must be exactly one that was written. */
  private Void readTail(AtomicBoolean writing, AtomicLong reads, List<String> bad) {
    while (writing.get() && bad.size() < 20) {
      for (EventRecord e : StatusFiles.readEvents(repo, 50)) {
        String message = e.text("message").orElse("");
        try {
          int seq = Integer.parseInt(message.substring(0, message.indexOf(' ')));
          if (!message.equals(LoadChild.eventMessage(seq))) {
            bad.add(e.run() + " event " + seq + " read back different");
          }
        } catch (RuntimeException ex) {
          bad.add(e.run() + ": unreadable message " + message.length() + " characters: " + ex);
        }
      }
      reads.incrementAndGet();
    }
    return null;
  }
}
