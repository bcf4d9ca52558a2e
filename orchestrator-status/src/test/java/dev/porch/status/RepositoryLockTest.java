package dev.porch.status;

import dev.porch.core.testing.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository lock: exclusive across threads and processes, bounded waits, stale holders taken over. */
class RepositoryLockTest {
  private static final Duration CHILD = Duration.ofSeconds(60);
  private static final long ME = ProcessHandle.current().pid();

  @TempDir Path repo;

  @Test
  void lock_free_isTakenAndRecordsThisProcess() throws Exception {
    try (RepositoryLock lock = StatusFiles.lock(repo, Duration.ZERO)) {
      assertThat(lock.file()).isEqualTo(repo.toAbsolutePath().resolve(".agent-status/.lock"));
      assertThat(lock.tookOverFrom()).isEmpty();
      assertThat(Files.readString(lock.file())).contains("\"pid\":" + ME).contains("\"host\":");
    }
    assertThat(Files.readString(repo.resolve(".agent-status/.lock"))).as("cleared on close").isEmpty();
  }

  @Test
  void lock_heldInThisJvm_timesOutNamingTheHolder() throws Exception {
    try (RepositoryLock held = StatusFiles.lock(repo, Duration.ZERO)) {
      long start = System.nanoTime();
      RepositoryLockedException e = org.junit.jupiter.api.Assertions.assertThrows(
          RepositoryLockedException.class, () -> StatusFiles.lock(repo, Duration.ofMillis(200)));
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(150L, 5_000L);
      assertThat(e.holder()).hasValueSatisfying(h -> assertThat(h.pid()).isEqualTo(ME));
      assertThat(e.getMessage()).contains("process " + ME).contains("waited 200 ms");
      assertThat(e.hints()).isNotEmpty();
      assertThat(e.waited()).isEqualTo(Duration.ofMillis(200));
    }
  }

  @Test
  void lock_releasedWhileWaiting_isTaken() throws Exception {
    RepositoryLock first = StatusFiles.lock(repo, Duration.ZERO);
    CompletableFuture<RepositoryLock> second =
        CompletableFuture.supplyAsync(() -> StatusFiles.lock(repo, Duration.ofSeconds(20)));
    first.close();
    try (RepositoryLock lock = second.get(20, TimeUnit.SECONDS)) {
      assertThat(lock.tookOverFrom()).isEmpty();
    }
  }

  @Test
  void close_isIdempotentAndFromAnyThread() throws Exception {
    RepositoryLock lock = StatusFiles.lock(repo, Duration.ZERO);
    CompletableFuture.runAsync(lock::close).get(10, TimeUnit.SECONDS);
    lock.close();
    try (RepositoryLock again = StatusFiles.lock(repo, Duration.ZERO)) {
      assertThat(again.tookOverFrom()).isEmpty();
    }
  }

  @Test
  void lock_heldByAnotherProcess_timesOutNamingItsPid_thenIsTakenWhenReleased() throws Exception {
    try (ChildJvm child = ChildJvm.start(ChildMain.class, "lock", repo.toString())) {
      long pid = Long.parseLong(child.awaitLine("locked ", CHILD).substring("locked ".length()));
      assertThat(pid).isEqualTo(child.pid());
      RepositoryLockedException e = org.junit.jupiter.api.Assertions.assertThrows(
          RepositoryLockedException.class, () -> StatusFiles.lock(repo, Duration.ofMillis(300)));
      assertThat(e.holder()).hasValueSatisfying(h -> assertThat(h.pid()).isEqualTo(pid));
      assertThat(e.getMessage()).contains("process " + pid);
      CompletableFuture<RepositoryLock> waiting =
          CompletableFuture.supplyAsync(() -> StatusFiles.lock(repo, Duration.ofSeconds(30)));
      child.send("release");
      try (RepositoryLock lock = waiting.get(30, TimeUnit.SECONDS)) {
        assertThat(lock.tookOverFrom()).as("released cleanly").isEmpty();
      }
      assertThat(child.await(CHILD)).isZero();
    }
  }

  @Test
  void lock_whoseHolderWasKilled_isStaleAndTakenOver() throws Exception {
    try (ChildJvm child = ChildJvm.start(ChildMain.class, "lock", repo.toString())) {
      long pid = Long.parseLong(child.awaitLine("locked ", CHILD).substring("locked ".length()));
      child.kill(); // kill -9: no close(), the record stays
      try (RepositoryLock lock = StatusFiles.lock(repo, Duration.ofSeconds(10))) {
        assertThat(lock.tookOverFrom()).hasValueSatisfying(h -> assertThat(h.pid()).isEqualTo(pid));
        assertThat(Files.readString(lock.file())).contains("\"pid\":" + ME);
      }
    }
  }

  @Test
  void lock_badArguments_areRefused() {
    assertThatThrownBy(() -> StatusFiles.lock(repo, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatusFiles.lock(null, Duration.ZERO)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> StatusFiles.lock(repo, null)).isInstanceOf(NullPointerException.class);
  }
}
