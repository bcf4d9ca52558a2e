package dev.porch.core.internal.engine;

import com.google.common.util.concurrent.MoreExecutors;
import dev.porch.core.Scheduler;
import dev.porch.core.TaskName;
import dev.porch.core.event.EventListener;
import dev.porch.core.event.OrchestrationEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Delivers one run's events to the listeners, in the order posted, on the run's scheduler. Each
 * listener has a lane of its own: it sees every event one at a time and in order, and a slow
 * listener (a notification's webhook waiting for its timeout) delays only itself, not the others
 * (the event log, the CLI's progress). A listener that throws is reported to the others as a {@link
 * OrchestrationEvent.Problem}, after the event it failed on; it never stops delivery or the run.
 */
public final class EventBus {
  private final String runId;
  private final Clock clock;
  private final List<EventListener> listeners;
  /** One sequential executor per listener, in the order of {@link #listeners}. */
  private final List<Executor> lanes;
  private final Executor scheduler;
  private final List<OrchestrationEvent.Problem> problems = new ArrayList<>();
  /** Held while one event (or mark) is queued on every lane, so all lanes get the same order. */
  private final Object order = new Object();

  EventBus(String runId, Clock clock, List<EventListener> listeners, Scheduler scheduler) {
    this.runId = runId;
    this.clock = clock;
    this.listeners = List.copyOf(listeners);
    this.scheduler = scheduler::execute;
    List<Executor> l = new ArrayList<>();
    for (int i = 0; i < this.listeners.size(); i++) {
      l.add(MoreExecutors.newSequentialExecutor(this.scheduler));
    }
    this.lanes = List.copyOf(l);
  }

  String runId() {
    return runId;
  }

  Clock clock() {
    return clock;
  }

  /**
   * Queues {@code event} for delivery to every listener. The queuing on all lanes is one step under
   * {@link #order}, so events posted from several threads at once reach every listener in the same
   * order (the event log and the CLI agree line for line).
   */
  void post(OrchestrationEvent event) {
    if (event instanceof OrchestrationEvent.Problem p) {
      synchronized (problems) {
        problems.add(p);
      }
    }
    synchronized (order) {
      for (int i = 0; i < listeners.size(); i++) {
        int lane = i;
        lanes.get(i).execute(() -> deliver(lane, event));
      }
    }
  }

  /** Posts a Problem. */
  void problem(Optional<TaskName> about, String step, String message) {
    post(new OrchestrationEvent.Problem(runId, clock.instant(), about, step, message));
  }

  /** Posts a Problem for an exception thrown by user code or a port. */
  void problem(Optional<TaskName> about, String step, RuntimeException e) {
    problem(about, step, describe(e));
  }

  public static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /**
   * Runs {@code r} once every event posted so far has been delivered to every listener, with the
   * Problems those deliveries raised. Two rounds: when every lane has passed the first mark, each
   * Problem a listener raised on an earlier event is already queued on the other lanes, ahead of
   * the second mark.
   */
  void afterDelivery(Runnable r) {
    behindEveryLane(() -> behindEveryLane(r));
  }

  private void behindEveryLane(Runnable r) {
    if (lanes.isEmpty()) {
      scheduler.execute(r);
      return;
    }
    java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(lanes.size());
    synchronized (order) {
      for (Executor lane : lanes) {
        lane.execute(() -> {
          if (left.decrementAndGet() == 0) {
            r.run();
          }
        });
      }
    }
  }

  /** Every Problem posted so far. */
  List<OrchestrationEvent.Problem> problems() {
    synchronized (problems) {
      return List.copyOf(problems);
    }
  }

  private void deliver(int lane, OrchestrationEvent event) {
    EventListener l = listeners.get(lane);
    try {
      l.onEvent(event);
    } catch (RuntimeException e) {
      OrchestrationEvent.Problem p = new OrchestrationEvent.Problem(runId, clock.instant(), event.task(), "listener",
          "listener " + l.getClass().getName() + " failed on " + event.type() + ": " + describe(e));
      synchronized (problems) {
        problems.add(p);
      }
      // queued behind the event on every other lane, so each sees the event before the problem about it
      synchronized (order) {
        for (int i = 0; i < listeners.size(); i++) {
          if (i != lane) {
            EventListener other = listeners.get(i);
            lanes.get(i).execute(() -> {
              try {
                other.onEvent(p);
              } catch (RuntimeException ignored) {
                // a listener failing on a Problem is not reported again, or this would never end
              }
            });
          }
        }
      }
    }
  }
}
