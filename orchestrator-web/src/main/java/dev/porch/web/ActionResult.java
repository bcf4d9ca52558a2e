package dev.porch.web;

import java.util.Objects;

/**
 * What became of an action: done, or refused with porch's own message (shown to the person as it is).
 *
 * @param done whether the action was carried out
 * @param message what porch said (may be empty when it was done quietly)
 */
public record ActionResult(boolean done, String message) {
  public ActionResult {
    Objects.requireNonNull(message, "message");
  }

  /**
   * A done action.
   *
   * @param message what porch said, may be empty
   * @return the result
   */
  public static ActionResult done(String message) {
    return new ActionResult(true, message);
  }

  /**
   * A refused or failed action.
   *
   * @param message why, in porch's words
   * @return the result
   */
  public static ActionResult refused(String message) {
    return new ActionResult(false, message);
  }
}
