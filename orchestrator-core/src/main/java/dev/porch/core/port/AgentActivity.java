package dev.porch.core.port;

import java.util.Objects;
import java.util.Optional;

/**
 * What a running agent is doing, read from its CLI's machine-readable output (Claude Code's
 * {@code stream-json}, Codex's {@code exec --json}, Gemini CLI's {@code stream-json}): the session
 * it runs in, its current step or tool, the last line the model wrote, its use so far, and a notice
 * when something stands in its way (rate limited while the CLI retries, a login problem).
 *
 * @param session the CLI's session (or thread) id, to resume it later
 * @param doing the current step, e.g. {@code Bash: mvn -q test} or {@code thinking}
 * @param lastMessage the last line of the model's own text
 * @param usage tokens, turns and cost so far
 * @param notice something the user should know now, e.g. {@code rate limited (429); the CLI is retrying}
 */
public record AgentActivity(
    Optional<String> session, Optional<String> doing, Optional<String> lastMessage, Usage usage,
    Optional<String> notice) {
  /** Nothing known yet. */
  public static final AgentActivity NONE =
      new AgentActivity(Optional.empty(), Optional.empty(), Optional.empty(), Usage.NONE, Optional.empty());

  public AgentActivity {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(doing, "doing");
    Objects.requireNonNull(lastMessage, "lastMessage");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(notice, "notice");
  }

  public AgentActivity withSession(String s) {
    return new AgentActivity(Optional.ofNullable(s), doing, lastMessage, usage, notice);
  }

  public AgentActivity withDoing(String d) {
    return new AgentActivity(session, Optional.ofNullable(d), lastMessage, usage, notice);
  }

  public AgentActivity withLastMessage(String m) {
    return new AgentActivity(session, doing, Optional.ofNullable(m), usage, notice);
  }

  public AgentActivity withUsage(Usage u) {
    return new AgentActivity(session, doing, lastMessage, u, notice);
  }

  public AgentActivity withNotice(String n) {
    return new AgentActivity(session, doing, lastMessage, usage, Optional.ofNullable(n));
  }
}
