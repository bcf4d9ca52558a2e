package dev.porch.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.port.StatusChange;
import dev.porch.core.port.StatusStore;
import dev.porch.core.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** watch(): every change, from any process, within 250 ms, once; in both native and polling modes. */
class WatchTest {
  private static final long HEARD_WITHIN_MS = 250;
  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir Path repo;

  private final BlockingQueue<StatusChange> changes = new LinkedBlockingQueue<>();

  private StatusStore store(boolean polling) {
    return StatusFiles.builder(repo).forcePolling(polling).build();
  }

  private StatusChange next() throws InterruptedException {
    StatusChange c = changes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(c).as("a change within %s", WAIT).isNotNull();
    return c;
  }

  /** Writes a status to another task and waits for it: every change before it has then been delivered. */
  private void drainWith(StatusStore store, List<StatusChange> before) throws InterruptedException {
    store.write(Fixtures.pending("zz-sentinel"));
    for (StatusChange c = next(); !c.task().value().equals("zz-sentinel"); c = next()) {
      before.add(c);
    }
  }

  private static Set<Thread> watchThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("porch-status-watch-"))
        .collect(Collectors.toSet());
  }

  @ParameterizedTest(name = "polling={0}")
  @ValueSource(booleans = {false, true})
  void watch_hearsEachWriteWithin250ms(boolean polling) throws Exception {
    StatusStore store = store(polling);
    store.write(Fixtures.pending("warm-up")); // the folder exists: native events from the start
    try (StatusStore.Subscription sub = store.watch(changes::add)) {
      for (int i = 0; i < 5; i++) {
        AgentStatus s = Fixtures.pending("a-1").withSummary("write " + i);
        store.write(s);
        long written = System.nanoTime();
        StatusChange c = next();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - written);
        assertThat(c.status()).contains(s);
        assertThat(ms).as("write %d heard after %d ms", i, ms).isLessThan(HEARD_WITHIN_MS);
      }
    }
  }

  @ParameterizedTest(name = "polling={0}")
  @ValueSource(booleans = {false, true})
  void watch_hearsAnotherProcessesWrite(boolean polling) throws Exception {
    StatusStore store = store(polling);
    store.write(Fixtures.pending("warm-up"));
    try (StatusStore.Subscription sub = store.watch(changes::add);
        ChildJvm child = ChildJvm.start(ChildMain.class, "write", repo.toString(), "from-child", "1")) {
      child.awaitLine("done", Duration.ofSeconds(60));
      long done = System.nanoTime();
      StatusChange c = next();
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - done);
      assertThat(c.task().value()).isEqualTo("from-child");
      assertThat(c.status()).isPresent();
      assertThat(ms).as("heard %d ms after the child said done", ms).isLessThan(HEARD_WITHIN_MS);
      assertThat(child.await(Duration.ofSeconds(30))).isZero();
    }
  }

  @ParameterizedTest(name = "polling={0}")
  @ValueSource(booleans = {false, true})
  void watch_oneWriteGivesOneChange(boolean polling) throws Exception {
    StatusStore store = store(polling);
    try (StatusStore.Subscription sub = store.watch(changes::add)) {
      List<AgentStatus> written = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        AgentStatus s = Fixtures.pending("a-1").withSummary("v" + i);
        store.write(s);
        written.add(s);
        assertThat(next().status()).contains(s);
      }
      List<StatusChange> extra = new ArrayList<>();
      drainWith(store, extra);
      assertThat(extra).as("no duplicate changes").isEmpty();
    }
  }

  @ParameterizedTest(name = "polling={0}")
  @ValueSource(booleans = {false, true})
  void watch_ignoresTempLockAndOtherFiles(boolean polling) throws Exception {
    StatusStore store = store(polling);
    store.write(Fixtures.pending("a-1"));
    Path dir = repo.resolve(".agent-status");
    try (StatusStore.Subscription sub = store.watch(changes::add)) {
      Files.writeString(dir.resolve(".a-1.json.1234abcd.tmp"), "{");
      Files.createDirectories(dir.resolve(".locks"));
      Files.writeString(dir.resolve(".locks/a-1.lock"), "");
      Files.writeString(dir.resolve("events.ndjson"), "{}\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      Files.writeString(dir.resolve("notes.txt"), "hello");
      Files.writeString(dir.resolve("Not-A-Task.json"), "{}");
      Files.writeString(dir.resolve(".hidden.json"), "{}");
      List<StatusChange> seen = new ArrayList<>();
      drainWith(store, seen);
      assertThat(seen).isEmpty();
    }
  }

  @ParameterizedTest(name = "polling={0}")
  @ValueSource(booleans = {false, true})
  void watch_reportsACorruptFileThenItsRemoval(boolean polling) throws Exception {
    StatusStore store = store(polling);
    store.write(Fixtures.pending("a-1"));
    try (StatusStore.Subscription sub = store.watch(changes::add)) {
      Path file = store.location(TaskName.of("a-1")).orElseThrow();
      Path tmp = file.resolveSibling(".corrupt.tmp");
      Files.writeString(tmp, "{\"task\": ");
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      StatusChange bad = next();
      assertThat(bad.status()).isEmpty();
      assertThat(bad.problem()).hasValueSatisfying(p -> assertThat(p.file()).isEqualTo(file));
      store.delete(TaskName.of("a-1"));
      assertThat(next().removed()).isTrue();
    }
  }

  @ParameterizedTest(name = "polling={0}")
  @ValueSource(booleans = {false, true})
  void watch_beforeTheFolderExists_seesTheFirstWrite(boolean polling) throws Exception {
    StatusStore store = store(polling);
    try (StatusStore.Subscription sub = store.watch(changes::add)) {
      assertThat(repo.resolve(".agent-status")).doesNotExist();
      store.write(Fixtures.pending("a-1"));
      assertThat(next().task().value()).isEqualTo("a-1");
      store.write(Fixtures.pending("a-2"));
      assertThat(next().task().value()).isEqualTo("a-2");
    }
  }

  @ParameterizedTest(name = "polling={0}")
  @ValueSource(booleans = {false, true})
  void watch_nonAtomicWriter_endsWithTheCompleteStatus(boolean polling) throws Exception {
    StatusStore store = store(polling);
    store.write(Fixtures.pending("a-1"));
    try (StatusStore.Subscription sub = store.watch(changes::add)) {
      // What PowerShell's Out-File does: truncate, then write in place.
      Files.writeString(store.location(TaskName.of("a-1")).orElseThrow(),
          Fixtures.seedJson("a-1", "feature/a-1", ".worktrees/a-1", ", \"x\": 1"));
      StatusChange c = next();
      while (c.status().isEmpty()) {
        c = next(); // a partial file may be seen first; the complete one must follow
      }
      assertThat(c.status().orElseThrow().task().value()).isEqualTo("a-1");
    }
  }

  @ParameterizedTest(name = "polling={0}")
  @ValueSource(booleans = {false, true})
  void watch_listenerThatThrows_keepsGettingChanges(boolean polling) throws Exception {
    StatusStore store = store(polling);
    try (StatusStore.Subscription sub = store.watch(c -> {
      changes.add(c);
      throw new IllegalStateException("listener bug");
    })) {
      store.write(Fixtures.pending("a-1"));
      assertThat(next().task().value()).isEqualTo("a-1");
      store.write(Fixtures.pending("a-2"));
      assertThat(next().task().value()).isEqualTo("a-2");
    }
  }

  @ParameterizedTest(name = "polling={0}")
  @ValueSource(booleans = {false, true})
  void close_stopsTheWatchThread(boolean polling) throws Exception {
    StatusStore store = store(polling);
    Set<Thread> before = watchThreads();
    StatusStore.Subscription sub = store.watch(changes::add);
    Set<Thread> mine = watchThreads();
    mine.removeAll(before);
    assertThat(mine).singleElement().satisfies(t -> {
      assertThat(t.isDaemon()).isTrue();
      assertThat(t.isAlive()).isTrue();
    });
    sub.close();
    assertThat(mine.iterator().next().isAlive()).as("thread alive after close()").isFalse();
    sub.close(); // idempotent
  }
}
