package dev.porch.agent.internal;

import dev.porch.agent.AgentProfile;
import dev.porch.agent.internal.stream.StreamParser;
import dev.porch.agent.internal.stream.StreamSink;
import dev.porch.agent.internal.stream.Text;
import dev.porch.agent.internal.stream.Troubles;
import dev.porch.core.port.AgentActivity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Reads one agent's output lines as they come: feeds them to the profile's stream parser (if it
 * has one), keeps the readable transcript and its last lines, the latest {@link AgentActivity}, the
 * first error line, whether a rate limit was seen, and stops the agent through {@code
 * onLoginFailure} when it cannot log in.
 *
 * <p>Lines arrive on the agent's pump thread only; {@link #activity()}, {@link #tail}, {@link
 * #rateLimited()} and {@link #loginFailure()} may be read from any thread.
 *
 * <p>For a profile with a stream, the login and rate-limit patterns are matched only against lines
 * that are not the stream's JSON (standard error, plain messages) and against errors the parser
 * found: a JSON line can quote any file the agent read, and a quoted "401" must not stop it.
 */
public final class AgentOutput implements OutputPump.Listener, StreamSink {
  /** Lines that make a good "first error" for a failure summary. */
  private static final Pattern ERROR_LINE = Pattern.compile(
      "(?i)(^|[^a-z])(error|fatal|exception|panic|denied|refused|invalid|unauthori[sz]ed)([^a-z]|$)");

  private final String profile;
  private final Optional<String> hint;
  private final StreamParser parser;
  private final List<Pattern> rateLimits;
  private final List<Pattern> loginFailures;
  private final Transcript transcript;
  private final Consumer<String> onLoginFailure;
  private final LineTail tail = new LineTail(LaunchedAgent.TAIL_LINES);
  private volatile AgentActivity activity = AgentActivity.NONE;
  private volatile boolean rateLimitSeen;
  private volatile String loginFailure;
  private volatile String firstError;

  /**
   * @param profile the agent's profile: its stream, rate-limit and login-failure patterns, login hint
   * @param transcript where readable lines go (null for nowhere)
   * @param maxTranscriptBytes the most bytes of transcript per attempt
   * @param onLoginFailure called once, on the pump thread, with the reason when the agent cannot log in
   */
  public AgentOutput(AgentProfile profile, java.io.OutputStream transcript, long maxTranscriptBytes,
      Consumer<String> onLoginFailure) {
    this.profile = profile.name();
    this.hint = profile.login().hint();
    this.parser = profile.stream().flatMap(s -> StreamParser.forStream(s, profile.name())).orElse(null);
    this.rateLimits = compile(profile.rateLimitPatterns());
    this.loginFailures = compile(profile.login().failurePatterns());
    this.transcript = new Transcript(transcript, maxTranscriptBytes);
    this.onLoginFailure = onLoginFailure;
  }

  private static List<Pattern> compile(List<String> patterns) {
    List<Pattern> out = new ArrayList<>();
    patterns.forEach(p -> out.add(Pattern.compile(p)));
    return out;
  }

  /** The most line bytes the pump should hand over: streams carry long JSON lines. */
  public int maxLine() {
    return parser == null ? OutputPump.MAX_LINE : StreamParser.MAX_LINE;
  }

  @Override
  public void accept(String line) {
    if (parser != null && parser.accept(line, this)) {
      return;
    }
    String text = Text.verbatim(line);
    for (Pattern p : loginFailures) {
      if (p.matcher(text).find()) {
        loginFailed(Troubles.login(text).orElse("the login failed"), Text.line(text));
        break;
      }
    }
    matchRateLimit(text, true);
    noteError(Text.line(text));
    if (parser == null || !text.isBlank()) {
      transcript(text);
    }
  }

  private void matchRateLimit(String text, boolean plainLine) {
    for (Pattern p : rateLimits) {
      if (p.matcher(text).find()) {
        rateLimitSeen = true;
        if (parser != null && plainLine) {
          // e.g. gemini's "Attempt 1 failed with status 429. Retrying with backoff..." on standard error
          activity = activity.withNotice(Troubles.rateLimit(text, profile).orElse("rate limited; " + profile
              + " is retrying"));
        }
        return;
      }
    }
  }

  private void noteError(String text) {
    if (firstError == null && !text.isEmpty() && ERROR_LINE.matcher(text).find()) {
      firstError = text;
    }
  }

  @Override
  public void flush() {
    transcript.flush();
  }

  @Override
  public void end() {
    if (parser != null) {
      parser.end(this);
    }
    transcript.close();
  }

  @Override
  public void transcript(String line) {
    tail.add(line);
    transcript.add(line);
  }

  @Override
  public void activity(UnaryOperator<AgentActivity> change) {
    activity = change.apply(activity);
  }

  @Override
  public void rateLimited(String notice) {
    rateLimitSeen = true;
    activity = activity.withNotice(notice);
  }

  @Override
  public void loginFailed(String what, String detail) {
    if (loginFailure != null) {
      return;
    }
    String reason = profile + ": " + what + " (" + detail + ")" + hint.map(h -> "; " + h).orElse("");
    loginFailure = reason;
    activity = activity.withNotice("login failed: " + what);
    noteError(detail);
    transcript("! " + reason);
    onLoginFailure.accept(reason);
  }

  @Override
  public void error(String line) {
    matchRateLimit(line, false);
    if (firstError == null) {
      firstError = line;
    }
  }

  /** The latest activity; empty for a profile without a stream. */
  public Optional<AgentActivity> activity() {
    return parser == null ? Optional.empty() : Optional.of(activity);
  }

  /** The last readable lines, oldest first. */
  public List<String> tail(int n) {
    return tail.last(n);
  }

  /** Whether a rate limit was seen. */
  public boolean rateLimited() {
    return rateLimitSeen;
  }

  /** Why the agent could not log in, if it could not. */
  public Optional<String> loginFailure() {
    return Optional.ofNullable(loginFailure);
  }

  /** The first error line of the output, for a failure summary (at most 300 characters). */
  public Optional<String> firstError() {
    return Optional.ofNullable(firstError).map(e -> dev.porch.core.UntrustedText.oneLine(e, 300));
  }
}
