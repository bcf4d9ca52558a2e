package dev.porch.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.Scheduler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ThreadSchedulerTest {
  static long liveThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
  }

  @Test
  void schedule_runsAfterDelayOnNamedThread() throws Exception {
    try (Scheduler s = Scheduler.threads("sched-test-a-")) {
      CountDownLatch done = new CountDownLatch(1);
      String[] name = new String[1];
      s.schedule(() -> {
        name[0] = Thread.currentThread().getName();
        done.countDown();
      }, Duration.ofMillis(20));
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(name[0]).startsWith("sched-test-a-worker-");
    }
  }

  @Test
  void cancel_stopsATaskNotYetDue() throws Exception {
    try (Scheduler s = Scheduler.threads("sched-test-b-")) {
      AtomicBoolean ran = new AtomicBoolean();
      Scheduler.Cancellable c = s.schedule(() -> ran.set(true), Duration.ofHours(1));
      assertThat(c.cancel()).isTrue();
      assertThat(ran).isFalse();
    }
  }

  @Test
  void close_stopsEveryThread() throws Exception {
    Scheduler s = Scheduler.threads("sched-test-c-");
    CountDownLatch done = new CountDownLatch(3);
    for (int i = 0; i < 3; i++) {
      s.execute(done::countDown);
    }
    s.schedule(() -> { }, Duration.ofMinutes(5));
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    s.close();
    assertThat(liveThreads("sched-test-c-")).isZero();
  }

  @Test
  void execute_survivesAThrowingTask() throws Exception {
    try (Scheduler s = Scheduler.threads("sched-test-d-")) {
      s.execute(() -> {
        throw new IllegalStateException("boom");
      });
      CountDownLatch done = new CountDownLatch(1);
      s.execute(done::countDown);
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
