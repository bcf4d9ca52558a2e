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
 * Delivers one run's events to the listeners, one at a time and in the order posted, on the run's
 * scheduler. A listener that throws is reported to the others as a {@link
 * OrchestrationEvent.Problem}; it never stops delivery or the run.
 */
public final class EventBus {
  private final String runId;
  private final Clock clock;
  private final List<EventListener> listeners;
  private final Executor serial;
  private final List<OrchestrationEvent.Problem> problems = new ArrayList<>();

  EventBus(String runId, Clock clock, List<EventListener> listeners, Scheduler scheduler) {
    this.runId = runId;
    this.clock = clock;
    this.listeners = List.copyOf(listeners);
    this.serial = MoreExecutors.newSequentialExecutor(scheduler::execute);
  }

  String runId() {
    return runId;
  }

  Clock clock() {
    return clock;
  }

  /** Queues {@code event} for delivery. */
  void post(OrchestrationEvent event) {
    if (event instanceof OrchestrationEvent.Problem p) {
      synchronized (problems) {
        problems.add(p);
      }
    }
    serial.execute(() -> deliver(event));
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

  /** Runs {@code r} once every event posted so far has been delivered. */
  void afterDelivery(Runnable r) {
    serial.execute(r);
  }

  /** Every Problem posted so far. */
  List<OrchestrationEvent.Problem> problems() {
    synchronized (problems) {
      return List.copyOf(problems);
    }
  }

  private void deliver(OrchestrationEvent event) {
    List<EventListener> failed = new ArrayList<>();
    List<OrchestrationEvent.Problem> raised = new ArrayList<>();
    for (EventListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        failed.add(l);
        raised.add(new OrchestrationEvent.Problem(runId, clock.instant(), event.task(), "listener",
            "listener " + l.getClass().getName() + " failed on " + event.type() + ": " + describe(e)));
      }
    }
    // after the event itself, so every other listener sees the event before the problem about it
    for (int i = 0; i < raised.size(); i++) {
      OrchestrationEvent.Problem p = raised.get(i);
      synchronized (problems) {
        problems.add(p);
      }
      for (EventListener other : listeners) {
        if (other != failed.get(i)) {
          try {
            other.onEvent(p);
          } catch (RuntimeException ignored) {
            // a listener failing on a Problem is not reported again, or this would never end
          }
        }
      }
    }
  }
}
