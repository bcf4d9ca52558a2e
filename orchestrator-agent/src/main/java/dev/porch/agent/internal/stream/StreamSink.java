package dev.porch.agent.internal.stream;

import dev.porch.core.port.AgentActivity;
import java.util.function.UnaryOperator;

/**
 * What a {@link StreamParser} reports while it reads an agent's output. Called on the agent's output
 * thread, one line at a time; the receiver publishes the results to other threads.
 */
public interface StreamSink {
  /**
   * A readable line for the transcript.
   *
   * @param line one line, already made safe (no escapes, no line breaks)
   */
  void transcript(String line);

  /**
   * Changes what the agent is doing.
   *
   * @param change applied to the latest activity
   */
  void activity(UnaryOperator<AgentActivity> change);

  /**
   * The model service turned the CLI away for now (rate limit, overload) and the CLI retries.
   *
   * @param notice e.g. {@code rate limited (429); claude is retrying}
   */
  void rateLimited(String notice);

  /**
   * The CLI cannot log in: the agent must be stopped.
   *
   * @param what e.g. {@code the API key was refused}
   * @param detail the first error line, e.g. {@code Invalid API key · Fix external API key}
   */
  void loginFailed(String what, String detail);

  /**
   * An error the CLI reported, for the failure summary.
   *
   * @param line one line
   */
  void error(String line);
}
