package dev.porch.core.event;

/**
 * Receives {@link OrchestrationEvent}s.
 *
 * <p>Contract: the engine calls listeners from its own threads, one event at a time and in the
 * order the events happened, so an implementation must be thread-safe but needs no ordering of its
 * own. It must not block for long (it delays the run) and should not throw: an exception is caught,
 * reported as a {@link OrchestrationEvent.Problem} to the other listeners, and never stops the run.
 *
 * <pre>{@code
 * EventListener printer = e -> System.err.println(e.type() + " " + e.task().orElse(null));
 * }</pre>
 */
@FunctionalInterface
public interface EventListener {
  /**
   * Handles one event.
   *
   * @param event the event, never null
   */
  void onEvent(OrchestrationEvent event);
}
