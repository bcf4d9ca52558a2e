package dev.porch.agent;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How to run one agent CLI: its argument template, extra environment and the output patterns that
 * mean "rate limited". Profiles are data (see {@link AgentProfiles}); nothing here runs a shell.
 *
 * <p>Placeholders, expanded in every argument in one pass (the expanded text is never scanned
 * again): {@code {prompt}} the rendered prompt, {@code {prompt_file}} the absolute path of the
 * rendered prompt file, {@code {task}}, {@code {worktree}}, {@code {branch}}, {@code {base}}. An
 * argument stays one argument whatever the prompt holds (quotes, newlines, {@code $()}, ...).
 *
 * @param name the profile name, e.g. {@code claude}
 * @param command program and arguments with placeholders; empty only for the unconfigured {@code
 *     custom} profile, which cannot be launched
 * @param stdin whether the prompt is also written to the agent's standard input (otherwise standard
 *     input is closed at once)
 * @param environment variables added to the agent's environment
 * @param rateLimitPatterns regular expressions; an agent that exits non-zero after printing a line
 *     that one of them finds is reported as rate limited
 */
public record AgentProfile(
    String name, List<String> command, boolean stdin, Map<String, String> environment, List<String> rateLimitPatterns) {

  /**
   * Validates the profile.
   *
   * @throws IllegalArgumentException if a pattern is not a valid regular expression, the name is
   *     blank or the command's program is blank
   */
  public AgentProfile {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("an agent profile needs a name");
    }
    command = List.copyOf(command);
    if (!command.isEmpty() && command.get(0).isBlank()) {
      throw new IllegalArgumentException("agent profile '" + name + "': the command's program is blank");
    }
    environment = Map.copyOf(environment);
    rateLimitPatterns = List.copyOf(rateLimitPatterns);
    for (String p : rateLimitPatterns) {
      try {
        Pattern.compile(p);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "agent profile '" + name + "': rate-limit pattern " + p + " is not a regular expression: "
                + e.getDescription(), e);
      }
    }
  }

  /**
   * A profile that runs {@code command} with no extra environment and porch's generic rate-limit
   * patterns.
   *
   * @param name the profile name
   * @param command program and arguments, with placeholders
   * @return the profile
   */
  public static AgentProfile of(String name, List<String> command) {
    return new AgentProfile(name, command, false, Map.of(),
        List.of("(?i)rate[ _-]?limit", "(?i)\\b429\\b", "(?i)too many requests"));
  }

  /** Whether this profile can be launched (it has a command). */
  public boolean runnable() {
    return !command.isEmpty();
  }

  /** The same profile with another command. */
  public AgentProfile withCommand(List<String> newCommand) {
    return new AgentProfile(name, newCommand, stdin, environment, rateLimitPatterns);
  }
}
