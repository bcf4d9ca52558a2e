package dev.porch.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the agent's container runs after the pod script has cloned its branch: the agent's program
 * and arguments (placeholders already filled with the pod's paths), the rendered prompt, extra
 * environment, and the output lines that mean "rate limited" (matched against the pod's log when
 * the agent failed, so the engine's retry policy applies as for local agents).
 *
 * @param argv program and arguments, passed to the program as they are (no shell)
 * @param prompt the full prompt, written to {@code $PORCH_PROMPT_FILE} before the agent starts
 * @param environment extra variables; never API keys (name those in {@link JobSettings#secretEnv})
 * @param rateLimitPatterns output that marks a rate-limit failure
 */
public record ContainerCommand(List<String> argv, String prompt, Map<String, String> environment,
    List<Pattern> rateLimitPatterns) {
  /** @throws IllegalArgumentException if there is no program */
  public ContainerCommand {
    argv = List.copyOf(argv);
    Objects.requireNonNull(prompt, "prompt");
    environment = Map.copyOf(environment);
    rateLimitPatterns = List.copyOf(rateLimitPatterns);
    if (argv.isEmpty() || argv.get(0).isBlank()) {
      throw new IllegalArgumentException("a container command needs a program");
    }
  }
}
