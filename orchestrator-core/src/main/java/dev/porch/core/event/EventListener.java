package dev.porch.core.event;

/**
 * Receives {@link OrchestrationEvent}s.
 *
 * <p>Contract: the engine calls each listener from its own threads, one event at a time and in the
 * order the events happened, so an implementation needs no ordering of its own; two different
 * listeners may be called at the same time, so one that shares state with another must be
 * thread-safe. A slow listener delays only its own later events and the run's end (a run's result
 * is completed after every listener had every event), not the agents or the other listeners. It
 * should not throw: an exception is caught, reported as a {@link OrchestrationEvent.Problem} to the
 * other listeners, and never stops the run.
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
