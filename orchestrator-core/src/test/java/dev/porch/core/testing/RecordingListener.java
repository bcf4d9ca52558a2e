package dev.porch.core.testing;

import dev.porch.core.event.EventListener;
import dev.porch.core.event.OrchestrationEvent;
import java.util.ArrayList;
import java.util.List;

/** Keeps every event it receives, in order. Thread-safe. */
public final class RecordingListener implements EventListener {
  private final List<OrchestrationEvent> events = new ArrayList<>();

  @Override
  public synchronized void onEvent(OrchestrationEvent event) {
    events.add(event);
  }

  /** Every event so far. */
  public synchronized List<OrchestrationEvent> events() {
    return List.copyOf(events);
  }

  /** The events of one type, in order. */
  public synchronized <T extends OrchestrationEvent> List<T> ofType(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (OrchestrationEvent e : events) {
      if (type.isInstance(e)) {
        out.add(type.cast(e));
      }
    }
    return out;
  }

  /** The events' type names, in order. */
  public synchronized List<String> types() {
    List<String> out = new ArrayList<>();
    events.forEach(e -> out.add(e.type()));
    return out;
  }
}
