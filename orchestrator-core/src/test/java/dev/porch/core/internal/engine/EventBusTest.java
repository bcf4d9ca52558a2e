package dev.porch.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.Scheduler;
import dev.porch.core.event.EventListener;
import dev.porch.core.event.OrchestrationEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each listener has a lane of its own: a slow one (a notification waiting for a webhook) holds back
 * neither the other listeners nor their order, and the run's end still waits for it. Real threads.
 */
class EventBusTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

  private static OrchestrationEvent.RunFinished event(String summary) {
    return new OrchestrationEvent.RunFinished("run-1", CLOCK.instant(), true, summary);
  }

  /** Records each event's summary (or a Problem's message) and counts down once per event. */
  private static final class Recorder implements EventListener {
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch got;

    Recorder(int expected) {
      got = new CountDownLatch(expected);
    }

    @Override
    public void onEvent(OrchestrationEvent e) {
      seen.add(e instanceof OrchestrationEvent.RunFinished f ? f.summary()
          : e instanceof OrchestrationEvent.Problem p ? "problem: " + p.message() : e.type());
      got.countDown();
    }
  }

  @Test
  void aSlowListener_holdsBackNeitherTheOthersNorTheirOrder_andTheEndWaitsForIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch slowEntered = new CountDownLatch(1);
    Recorder slowSeen = new Recorder(3);
    EventListener slow = e -> {
      slowEntered.countDown();
      try {
        if (!release.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("never released");
        }
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
      slowSeen.onEvent(e);
    };
    Recorder fast = new Recorder(3);
    try (Scheduler s = Scheduler.threads("bus-test-a-")) {
      EventBus bus = new EventBus("run-1", CLOCK, List.of(slow, fast), s);
      bus.post(event("one"));
      bus.post(event("two"));
      bus.post(event("three"));
      CompletableFuture<Void> ended = new CompletableFuture<>();
      bus.afterDelivery(() -> ended.complete(null));

      assertThat(slowEntered.await(30, TimeUnit.SECONDS)).as("the slow listener is busy with the first event").isTrue();
      assertThat(fast.got.await(30, TimeUnit.SECONDS)).as("the fast listener had all three meanwhile").isTrue();
      assertThat(fast.seen).containsExactly("one", "two", "three");
      assertThat(ended).as("the end waits for the slow listener").isNotDone();

      release.countDown();
      ended.get(30, TimeUnit.SECONDS);
      assertThat(slowSeen.seen).containsExactly("one", "two", "three");
    }
  }

  @Test
  void aThrowingListener_theOthersGetTheProblemAfterTheEvent_beforeTheEnd() throws Exception {
    EventListener broken = e -> {
      throw new IllegalStateException("webhook down");
    };
    Recorder a = new Recorder(3);
    Recorder b = new Recorder(3);
    try (Scheduler s = Scheduler.threads("bus-test-b-")) {
      EventBus bus = new EventBus("run-1", CLOCK, List.of(a, broken, b), s);
      bus.post(event("one"));
      bus.post(event("two"));
      CompletableFuture<List<String>> atTheEnd = new CompletableFuture<>();
      bus.afterDelivery(() -> atTheEnd.complete(List.copyOf(b.seen)));

      List<String> bAtTheEnd = atTheEnd.get(30, TimeUnit.SECONDS);
      assertThat(bAtTheEnd).as("every problem is delivered before the end").hasSize(4);
      for (Recorder r : List.of(a, b)) {
        assertThat(r.seen.indexOf("one")).isLessThan(indexOfProblemAbout(r.seen, 0));
        assertThat(r.seen).filteredOn(x -> x.startsWith("problem: ")).hasSize(2)
            .allSatisfy(p -> assertThat(p).contains("webhook down").contains("run-finished"));
      }
      assertThat(bus.problems()).hasSize(2);
    }
  }

  private static int indexOfProblemAbout(List<String> seen, int nth) {
    int n = 0;
    for (int i = 0; i < seen.size(); i++) {
      if (seen.get(i).startsWith("problem: ") && n++ == nth) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void eventsPostedFromManyThreadsAtOnce_reachEveryListenerInTheSameOrder() throws Exception {
    int threads = 8;
    int each = 250;
    Recorder a = new Recorder(threads * each);
    Recorder b = new Recorder(threads * each);
    try (Scheduler s = Scheduler.threads("bus-test-d-")) {
      EventBus bus = new EventBus("run-1", CLOCK, List.of(a, b), s);
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> posters = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        Thread p = new Thread(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          for (int i = 0; i < each; i++) {
            bus.post(event(id + "-" + i));
          }
        });
        posters.add(p);
        p.start();
      }
      go.countDown();
      for (Thread p : posters) {
        p.join(TimeUnit.SECONDS.toMillis(30));
      }
      CompletableFuture<Void> ended = new CompletableFuture<>();
      bus.afterDelivery(() -> ended.complete(null));
      ended.get(30, TimeUnit.SECONDS);
      assertThat(a.seen).hasSize(threads * each);
      assertThat(b.seen).as("the same order for every listener (the event log and the CLI agree)")
          .containsExactlyElementsOf(a.seen);
    }
  }

  @Test
  void noListeners_theEndStillComes() throws Exception {
    try (Scheduler s = Scheduler.threads("bus-test-c-")) {
      EventBus bus = new EventBus("run-1", CLOCK, List.of(), s);
      bus.post(event("one"));
      CompletableFuture<Void> ended = new CompletableFuture<>();
      bus.afterDelivery(() -> ended.complete(null));
      ended.get(30, TimeUnit.SECONDS);
    }
  }
}
