package dev.porch.web;

/**
 * Port: carries out what a person asks for on the dashboard. The CLI wires porch's own commands
 * ({@code porch pick}, {@code cancel}, {@code tell}, {@code cleanup}), so a click does exactly what
 * the command line does; an embedder may wire its own.
 *
 * <p><b>Threads.</b> Called from the dashboard's request threads, one call per request; calls for
 * different requests may overlap, so an implementation must be thread-safe. It may block (a merge
 * takes a while); the browser waits for the answer.
 *
 * <p><b>Contract.</b> A refusal (a task that is not COMPLETE, a dirty worktree, ...) is a result,
 * {@link ActionResult#refused}, with the message a person should read; an exception is a bug and is
 * shown as "internal error". The dashboard has already checked the request's token, Host and Origin.
 *
 * <pre>{@code
 * DashboardActions actions = a -> ActionResult.refused("read-only dashboard: " + a.verb() + " is off");
 * }</pre>
 */
@FunctionalInterface
public interface DashboardActions {
  /**
   * Performs one action.
   *
   * @param action what was asked
   * @return done, or refused with porch's message
   */
  ActionResult perform(DashboardAction action);

  /** Actions that refuse everything: a dashboard that only watches. */
  static DashboardActions readOnly() {
    return a -> ActionResult.refused("this dashboard only watches: " + a.verb() + " is not available here");
  }
}
