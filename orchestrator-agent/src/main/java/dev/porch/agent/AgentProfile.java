package dev.porch.agent;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * @param stream the machine-readable output format the command asks for, read live into {@link
 *     dev.porch.core.port.AgentActivity}: {@code claude-stream-json}, {@code codex-json} or {@code
 *     gemini-stream-json}; empty for plain text
 * @param sessions how to resume the agent's session and how to run it interactively
 * @param login how to tell that the agent can log in, and that it could not
 * @param version the command that prints the CLI's version (for {@code porch doctor}); empty when unknown
 * @param sandbox what the CLI needs from a sandbox on top of porch's built-in list for its program
 *     ({@link SandboxNeeds#builtIn}): more folders it writes, hosts for the strict network allow-list
 *     (e.g. a gateway in {@code ANTHROPIC_BASE_URL}), variables a clean environment keeps
 */
public record AgentProfile(
    String name, List<String> command, boolean stdin, Map<String, String> environment, List<String> rateLimitPatterns,
    Optional<String> stream, Sessions sessions, Login login, List<String> version, SandboxNeeds sandbox) {

  /** The output formats porch can read live. */
  public static final List<String> STREAMS = List.of("claude-stream-json", "codex-json", "gemini-stream-json");

  /**
   * How an agent's session is continued and opened interactively. Commands take the same
   * placeholders as {@link AgentProfile#command()} plus {@code {session}}.
   *
   * @param resume headless command that continues session {@code {session}} with the message
   *     {@code {prompt}}; empty when the CLI cannot resume
   * @param interactive the CLI's interactive mode in the worktree, for {@code porch attach}
   * @param interactiveResume the interactive mode resuming {@code {session}}; empty when it cannot
   */
  public record Sessions(List<String> resume, List<String> interactive, List<String> interactiveResume) {
    /** Neither resumable nor interactive. */
    public static final Sessions NONE = new Sessions(List.of(), List.of(), List.of());

    public Sessions {
      resume = List.copyOf(resume);
      interactive = List.copyOf(interactive);
      interactiveResume = List.copyOf(interactiveResume);
    }
  }

  /**
   * How to tell whether an agent can log in to its model service.
   *
   * @param environment variables any one of which, when set, is a key (e.g. {@code ANTHROPIC_API_KEY})
   * @param files credential files any one of which, when present, is a login; {@code ~/} is the user's home
   * @param failurePatterns regular expressions; a line of output that one finds means the login
   *     failed: the agent is stopped at once (outcome {@code LOGIN_FAILED}), never retried
   * @param hint the one-line fix, e.g. {@code run `claude` once or set ANTHROPIC_API_KEY}
   */
  public record Login(List<String> environment, List<String> files, List<String> failurePatterns,
      Optional<String> hint) {
    /** Nothing known. */
    public static final Login NONE = new Login(List.of(), List.of(), List.of(), Optional.empty());

    public Login {
      environment = List.copyOf(environment);
      files = List.copyOf(files);
      failurePatterns = List.copyOf(failurePatterns);
      Objects.requireNonNull(hint, "hint");
    }
  }

  /** A profile with only the first-wave fields: no stream, no sessions, no login facts. */
  public AgentProfile(String name, List<String> command, boolean stdin, Map<String, String> environment,
      List<String> rateLimitPatterns) {
    this(name, command, stdin, environment, rateLimitPatterns, Optional.empty(), Sessions.NONE, Login.NONE, List.of());
  }

  /** A profile whose sandbox needs are only the built-in ones of its program. */
  public AgentProfile(String name, List<String> command, boolean stdin, Map<String, String> environment,
      List<String> rateLimitPatterns, Optional<String> stream, Sessions sessions, Login login, List<String> version) {
    this(name, command, stdin, environment, rateLimitPatterns, stream, sessions, login, version, SandboxNeeds.NONE);
  }

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
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(login, "login");
    version = List.copyOf(version);
    Objects.requireNonNull(sandbox, "sandbox");
    checkPatterns(name, "rate-limit", rateLimitPatterns);
    checkPatterns(name, "login failure", login.failurePatterns());
    if (stream.isPresent() && !STREAMS.contains(stream.get())) {
      throw new IllegalArgumentException("agent profile '" + name + "': stream '" + stream.get()
          + "' is not one porch reads; use one of " + String.join(", ", STREAMS));
    }
  }

  private static void checkPatterns(String name, String what, List<String> patterns) {
    for (String p : patterns) {
      try {
        Pattern.compile(p);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "agent profile '" + name + "': " + what + " pattern " + p + " is not a regular expression: "
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
    return new AgentProfile(name, newCommand, stdin, environment, rateLimitPatterns, stream, sessions, login, version);
  }
}
