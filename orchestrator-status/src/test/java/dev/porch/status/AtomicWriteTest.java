package dev.porch.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.error.StatusFileException;
import dev.porch.core.port.StatusStore;
import dev.porch.core.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes are atomic across threads and processes; updates lose nothing; failures leave no temp files. */
class AtomicWriteTest {
  private static final TaskName TASK = TaskName.of("shared");
  private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path repo;

  private List<String> leftovers() throws Exception {
    try (Stream<Path> s = Files.list(repo.resolve(".agent-status"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
    }
  }

  @Test
  void write_whenTheMoveFails_throwsAndLeavesNoTempFile() throws Exception {
    StatusStore store = StatusFiles.open(repo);
    store.write(Fixtures.pending("other"));
    Path target = store.location(TASK).orElseThrow();
    Files.createDirectories(target.resolve("blocker")); // a non-empty folder cannot be replaced
    assertThatThrownBy(() -> store.write(Fixtures.pending("shared")))
        .isInstanceOf(StatusFileException.class)
        .hasMessageContaining("cannot write")
        .hasMessageContaining("shared.json");
    assertThat(leftovers()).isEmpty();
    assertThat(target.resolve("blocker")).isDirectory();
  }

  @Test
  void write_manyThreadsAndAnotherProcess_readersNeverSeeATornOrEmptyFile() throws Exception {
    StatusStore store = StatusFiles.open(repo);
    store.write(ChildMain.sized(TASK, "seed-", 10));
    Path file = store.location(TASK).orElseThrow();
    int threads = 3;
    int each = 60;
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    List<String> torn = new java.util.concurrent.CopyOnWriteArrayList<>();
    ObjectMapper json = new ObjectMapper();
    ExecutorService pool = Executors.newFixedThreadPool(threads + 2);
    try (ChildJvm child = ChildJvm.start(ChildMain.class, "write", repo.toString(), TASK.value(), "150")) {
      child.awaitLine("ready", CHILD_TIMEOUT);
      List<Future<?>> readers = new ArrayList<>();
      readers.add(pool.submit(() -> {
        while (writing.get()) {
          try {
            String summary = store.read(TASK).orElseThrow().summary().orElseThrow();
            if (!ChildMain.whole(summary)) {
              torn.add("summary " + summary.length());
            }
            reads.incrementAndGet();
          } catch (RuntimeException e) {
            torn.add(e.toString());
          }
        }
        return null;
      }));
      readers.add(pool.submit(() -> {
        while (writing.get()) {
          try {
            byte[] raw = Files.readAllBytes(file); // a plain reader, as PowerShell's Get-Content would be
            if (raw.length == 0 || !ChildMain.whole(json.readTree(raw).get("summary").asText())) {
              torn.add("raw " + raw.length);
            }
          } catch (NoSuchFileException e) {
            torn.add("file missing during a replace");
          } catch (Exception e) {
            torn.add(e.toString());
          }
        }
        return null;
      }));
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        writers.add(pool.submit(() -> {
          Random r = new Random(seed);
          go.await();
          for (int i = 0; i < each; i++) {
            store.write(ChildMain.sized(TASK, "t" + seed + "-", r.nextInt(64 * 1024)));
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : writers) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertThat(child.await(CHILD_TIMEOUT)).as(child.output()).isZero();
      writing.set(false);
      for (Future<?> f : readers) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      writing.set(false);
      pool.shutdownNow();
    }
    assertThat(torn).as("torn, empty or missing files seen").isEmpty();
    assertThat(reads.get()).isPositive();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void update_twoProcessesTimesManyThreads_losesNoIncrement() throws Exception {
    StatusStore store = StatusFiles.open(repo);
    store.write(Fixtures.pending("shared"));
    int threads = 3;
    int each = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (ChildJvm child = ChildJvm.start(ChildMain.class, "update", repo.toString(), TASK.value(), "" + threads, "" + each)) {
      child.awaitLine("ready", CHILD_TIMEOUT);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int k = 0; k < each; k++) {
            store.update(TASK, s -> s.withSummary(String.valueOf(Integer.parseInt(s.summary().orElse("0")) + 1)));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertThat(child.await(CHILD_TIMEOUT)).as(child.output()).isZero();
    } finally {
      pool.shutdownNow();
    }
    AgentStatus end = store.read(TASK).orElseThrow();
    assertThat(end.summary()).contains(String.valueOf(2 * threads * each));
    assertThat(leftovers()).isEmpty();
  }
}
