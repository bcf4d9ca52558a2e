package dev.porch.agent.internal;

import dev.porch.agent.AgentProfile;
import dev.porch.agent.PromptTemplate;
import dev.porch.core.port.AgentRequest;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What one launch runs: the command template, the prompt, the session (for {@code {session}}) and
 * a note for the log header. A follow-up resumes the agent's session when the request names one
 * and the profile can resume; the message then goes to the session as it is. Otherwise the
 * profile's normal command starts anew with the full template, and a follow-up's instructions say
 * that the work continues in the same worktree and how the last attempt ended.
 *
 * @param command the argument template to expand
 * @param prompt the text for {@code {prompt}}, {@code {prompt_file}} and standard input
 * @param session the session id for {@code {session}}, or empty
 * @param note for the log header, e.g. {@code resuming session abc}; empty for a first run
 */
public record Invocation(List<String> command, String prompt, Optional<String> session, Optional<String> note) {
  /**
   * What a session id may look like to be passed on: the CLIs use UUIDs. The id comes from a status
   * file the agent can write, so anything that could read as an option (a leading {@code -}) or
   * carry other text is refused rather than put on a command line.
   */
  private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  /**
   * Decides the invocation.
   *
   * @param profile the agent's profile
   * @param request the request
   * @param template renders the full prompt
   * @return the invocation
   */
  public static Invocation of(AgentProfile profile, AgentRequest request, PromptTemplate template) {
    Optional<String> session = request.resumeSession();
    if (session.isPresent() && usable(session.get()) && !profile.sessions().resume().isEmpty()) {
      return new Invocation(profile.sessions().resume(), request.instructions(), session,
          Optional.of("resuming session " + session.get()));
    }
    if (!request.isFollowUp()) {
      return new Invocation(profile.command(), template.render(request), Optional.empty(), Optional.empty());
    }
    String why = session.isEmpty() ? "no resumable session"
        : !usable(session.get()) ? "the recorded session id is not usable"
        : "profile " + profile.name() + " cannot resume sessions";
    String instructions = followUpInstructions(request.previousAttempt(), request.instructions());
    return new Invocation(profile.command(), template.render(request.withInstructions(instructions)), Optional.empty(),
        Optional.of("new session (" + why + ")"));
  }

  /** Whether {@code session} may be passed as an argument. */
  public static boolean usable(String session) {
    return SESSION.matcher(session).matches();
  }

  /** A follow-up's instructions for an agent that starts anew in the same worktree. */
  static String followUpInstructions(Optional<String> previous, String message) {
    return "This is a follow-up on the same worktree and branch: an earlier attempt of this task already worked"
        + " here, and its commits are on this branch. Build on that work.\n"
        + previous.map(p -> "The earlier attempt ended: " + p + "\n").orElse("")
        + "\nThe follow-up request:\n\n" + message;
  }
}
