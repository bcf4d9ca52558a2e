package dev.porch.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.error.StatusFileException;
import dev.porch.core.error.TamperedStatusException;
import dev.porch.core.port.StatusChange;
import dev.porch.core.port.StatusListing;
import dev.porch.core.port.StatusStore;
import dev.porch.core.port.TestResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link StatusStore} must have. Subclass it in an adapter's (or a fake's) tests
 * and implement {@link #newStore(Path)}; the tests then run against that implementation.
 *
 * <pre>{@code
 * class StatusFilesContractTest extends StatusStoreContract {
 *   protected StatusStore newStore(Path repo) { return StatusFiles.open(repo); }
 * }
 * }</pre>
 *
 * <p>Tests about files (tampered content) run only for stores whose {@link StatusStore#location}
 * returns a path.
 */
public abstract class StatusStoreContract {
  /** How long a test waits for a watch to report a change. */
  protected static final Duration WATCH_WAIT = Duration.ofSeconds(5);

  @TempDir protected Path repo;
  protected StatusStore store;

  /**
   * A fresh, empty store rooted at {@code repo} (a new temporary repository folder per test).
   *
   * @param repo the repository root; a file store keeps its files under it
   * @return the store under test
   */
  protected abstract StatusStore newStore(Path repo);

  @BeforeEach
  void createStore() {
    store = newStore(repo);
  }

  public static TaskName task(String name) {
    return TaskName.of(name);
  }

  public static AgentStatus pending(String name) {
    return AgentStatus.pending(task(name), "feature/" + name, ".worktrees/" + name);
  }

  /** A status with every field set, including porch's optional ones. */
  public static AgentStatus full(String name) {
    Instant t0 = Instant.parse("2026-01-30T10:30:00Z");
    return AgentStatus.builder()
        .task(task(name))
        .status(AgentState.COMPLETE)
        .started(t0)
        .completed(t0.plusSeconds(900))
        .summary("Implemented 5 endpoints, 12 tests passing; \u00e9\u00e8 \u2713 \"quoted\"\nsecond line")
        .addFilesChanged("src/api/users.ts", "src/api/auth.ts", "tests/api.test.ts")
        .branch("feature/" + name)
        .worktree(".worktrees/" + name)
        .pattern("competitive")
        .role("implementer")
        .attempt(2)
        .agent("claude")
        .pid(4242)
        .pidStarted(t0.minusMillis(1500))
        .exitCode(0)
        .log(".agent-status/logs/" + name + ".log")
        .base("main")
        .port(41001)
        .tests(new TestResult(true, 0, Duration.ofMillis(1234), 12, 0, 1, Optional.of("junit-xml"),
            List.of("mvn", "-q", "test"), false))
        .score(0.875)
        .error("none")
        .run("run-20260130-1030")
        .committedByPorch(true)
        .session("0f9c2b6e-5d4a-4c1e-9a51-7f3e2d1c0b9a")
        .usage(new dev.porch.core.port.Usage(12840, 1532, 7, java.util.OptionalDouble.of(0.0421)))
        .activity("Bash: mvn -q test")
        .updated(t0.plusSeconds(901).plusNanos(123_000_000))
        .build();
  }

  @Test
  void write_thenRead_roundTripsEveryField() {
    AgentStatus s = full("task-api");
    store.write(s);
    assertThat(store.read(s.task())).contains(s);
  }

  @Test
  void write_thenRead_roundTripsTheSeedsPendingStatus() {
    AgentStatus s = pending("auth-1");
    store.write(s);
    assertThat(store.read(s.task())).contains(s);
  }

  @Test
  void write_overwritesThePreviousStatus() {
    store.write(pending("auth-1"));
    AgentStatus running = pending("auth-1").moveTo(AgentState.RUNNING, Instant.parse("2026-01-30T10:30:00Z"));
    store.write(running);
    assertThat(store.read(task("auth-1"))).contains(running);
  }

  @Test
  void read_missing_isEmpty() {
    assertThat(store.read(task("nothing-here"))).isEmpty();
  }

  @Test
  void list_empty_hasNothing() {
    StatusListing l = store.list();
    assertThat(l.statuses()).isEmpty();
    assertThat(l.problems()).isEmpty();
  }

  @Test
  void list_ordersByTaskName() {
    for (String n : List.of("c-3", "a-1", "b-2", "a-10")) {
      store.write(pending(n));
    }
    assertThat(store.list().statuses()).extracting(s -> s.task().value()).containsExactly("a-1", "a-10", "b-2", "c-3");
  }

  @Test
  void delete_removesOnlyThatTask() {
    store.write(pending("a-1"));
    store.write(pending("a-2"));
    assertThat(store.delete(task("a-1"))).isTrue();
    assertThat(store.read(task("a-1"))).isEmpty();
    assertThat(store.read(task("a-2"))).isPresent();
    assertThat(store.delete(task("a-1"))).isFalse();
  }

  @Test
  void update_appliesTheChangeAndReturnsIt() {
    store.write(pending("a-1"));
    AgentStatus out = store.update(task("a-1"), s -> s.withSummary("halfway"));
    assertThat(out.summary()).contains("halfway");
    assertThat(store.read(task("a-1"))).contains(out);
  }

  @Test
  void update_missing_throwsStatusFileException() {
    assertThatThrownBy(() -> store.update(task("a-1"), s -> s)).isInstanceOf(StatusFileException.class);
  }

  @Test
  void update_fromManyThreads_losesNoIncrement() throws Exception {
    store.write(pending("counter"));
    int threads = 4;
    int each = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        done.add(pool.submit(() -> {
          go.await();
          for (int k = 0; k < each; k++) {
            store.update(task("counter"), StatusStoreContract::increment);
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.read(task("counter")).orElseThrow().summary()).contains(String.valueOf(threads * each));
  }

  /** Adds one to the number kept in the summary (absent counts as 0). */
  public static AgentStatus increment(AgentStatus s) {
    return s.withSummary(String.valueOf(Integer.parseInt(s.summary().orElse("0")) + 1));
  }

  @Test
  void watch_seesAWriteAndADelete() throws Exception {
    BlockingQueue<StatusChange> changes = new LinkedBlockingQueue<>();
    try (StatusStore.Subscription sub = store.watch(changes::add)) {
      AgentStatus s = pending("w-1");
      store.write(s);
      StatusChange c = changes.poll(WATCH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(c).as("a change within %s", WATCH_WAIT).isNotNull();
      assertThat(c.task()).isEqualTo(s.task());
      assertThat(c.status()).contains(s);
      store.delete(s.task());
      StatusChange gone = changes.poll(WATCH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(gone).isNotNull();
      assertThat(gone.removed()).isTrue();
    }
  }

  @Test
  void read_tamperedWorktree_isNeverTrusted() throws Exception {
    Optional<Path> file = store.location(task("evil"));
    assumeTrue(file.isPresent(), "this store keeps no files");
    Files.createDirectories(file.get().getParent());
    Files.writeString(file.get(), "{\"task\":\"evil\",\"status\":\"COMPLETE\",\"started\":null,\"completed\":null,"
        + "\"summary\":null,\"files_changed\":[],\"branch\":\"feature/evil\",\"worktree\":\"../../etc\"}",
        StandardCharsets.UTF_8);
    assertThatThrownBy(() -> store.read(task("evil"))).isInstanceOf(TamperedStatusException.class);
    StatusListing l = store.list();
    assertThat(l.statuses()).isEmpty();
    assertThat(l.problems()).singleElement().isInstanceOf(TamperedStatusException.class);
  }

  @Test
  void location_whenPresent_isAbsoluteAndWhereWritesGo() {
    Optional<Path> file = store.location(task("a-1"));
    assumeTrue(file.isPresent(), "this store keeps no files");
    assertThat(file.get()).isAbsolute();
    store.write(pending("a-1"));
    assertThat(file.get()).isRegularFile();
  }
}
