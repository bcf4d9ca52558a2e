package dev.porch.realcli;

import java.util.Objects;

/**
 * One answer of the scripted model: what the model "says" in reply to one request of an agent CLI.
 * A {@link Wire} turns it into its protocol's bytes.
 */
public sealed interface Step {
  /** The model asks the CLI to run {@code command} with its own shell tool (Bash, exec_command, run_shell_command). */
  record Shell(String command) implements Step {
    public Shell {
      Objects.requireNonNull(command, "command");
    }
  }

  /** The model calls a tool by the CLI's own name with a raw JSON object as input. */
  record ToolCall(String name, String jsonInput) implements Step {
    public ToolCall {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(jsonInput, "jsonInput");
    }
  }

  /** The model answers with text and ends its turn. */
  record Text(String text) implements Step {
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /** The server answers with an HTTP error, e.g. 429, 401, 529, and the body given. */
  record HttpError(int status, String body) implements Step {}

  /** The stream starts (headers and a first event with {@code text}) and the connection is closed half way. */
  record Truncated(String text) implements Step {}

  /**
   * The server holds the request until {@code release} completes (a test has seen what it waited
   * for, e.g. porch showing a rate limit), then answers it with {@code then}.
   */
  record Await(java.util.concurrent.CompletableFuture<?> release, Step then) implements Step {
    public Await {
      Objects.requireNonNull(release, "release");
      Objects.requireNonNull(then, "then");
    }
  }

  /** The server accepts the request and never answers (until the server closes). */
  record Hang() implements Step {}

  static Step shell(String command) {
    return new Shell(command);
  }

  static Step text(String text) {
    return new Text(text);
  }

  static Step error(int status) {
    return new HttpError(status, "{\"error\":{\"message\":\"scripted " + status + "\"}}");
  }
}
