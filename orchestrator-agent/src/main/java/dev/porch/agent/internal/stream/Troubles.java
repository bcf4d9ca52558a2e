package dev.porch.agent.internal.stream;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an error text from an agent CLI means: a login problem (stop the agent, it will not get
 * better) or a rate limit (the CLI retries; a retry later may work). Data, checked in order; only
 * applied to texts the CLI itself marks as errors, never to tool output or the model's prose.
 */
public final class Troubles {
  private record Kind(Pattern pattern, String what) {}

  private static final List<Kind> LOGIN = List.of(
      new Kind(Pattern.compile("(?i)(token|login|session|credential)s?\\b[^.]{0,40}\\b(expired|been revoked)|"
          + "expired[^.]{0,20}\\b(token|login|credential)|refresh token"), "the login has expired"),
      new Kind(Pattern.compile("(?i)credit balance is too low|organization has been disabled"),
          "the account cannot be used"),
      new Kind(Pattern.compile("(?i)not logged in|please run /login|run `?\\w+`? (once )?to log ?in|no api key|"
          + "missing api key|api key (is )?(not set|missing|required)|set an auth method|must specify.*auth|"
          + "missing environment variable:? .{0,3}\\w*(api_?key|token)"),
          "it is not logged in"),
      new Kind(Pattern.compile("(?i)invalid[ _-]?(api|x-api)[ _-]?key|api key not valid|incorrect api key|"
          + "\\b401\\b|unauthori[sz]ed|unauthenticated|authentication[ _]?(failed|error)|authentication_failed|permission_error|"
          + "\\b403\\b.*(key|auth|permission|forbidden)"), "the API key was refused"));

  private static final Pattern RATE = Pattern.compile(
      "(?i)\\b429\\b|rate[ _-]?limit|too many requests|resource[ _]exhausted|quota|usage limit");
  private static final Pattern OVERLOADED = Pattern.compile("(?i)\\b529\\b|overloaded");

  private Troubles() {}

  /**
   * The login problem {@code text} describes.
   *
   * @param text an error text from the CLI
   * @return e.g. {@code the API key was refused}, or empty
   */
  public static Optional<String> login(String text) {
    if (text == null) {
      return Optional.empty();
    }
    for (Kind k : LOGIN) {
      if (k.pattern().matcher(text).find()) {
        return Optional.of(k.what());
      }
    }
    return Optional.empty();
  }

  /**
   * The rate-limit notice for {@code text}, if it says the service turned the CLI away for now.
   *
   * @param text an error text from the CLI
   * @param cli the profile name, e.g. {@code claude}
   * @return e.g. {@code rate limited (429); claude is retrying}, or empty
   */
  public static Optional<String> rateLimit(String text, String cli) {
    if (text == null) {
      return Optional.empty();
    }
    if (OVERLOADED.matcher(text).find()) {
      return Optional.of(notice("overloaded (529)", cli));
    }
    return RATE.matcher(text).find() ? Optional.of(notice("rate limited (429)", cli)) : Optional.empty();
  }

  static String notice(String what, String cli) {
    return what + "; " + cli + " is retrying";
  }

  /**
   * Reports {@code text}, an error the CLI printed, to {@code sink}: as a login failure, a rate limit
   * or a plain error.
   *
   * @param text the error text
   * @param cli the profile name
   * @param sink where to report
   * @param retrying whether the CLI says it will try again (a rate limit is then a notice only)
   */
  static void report(String text, String cli, StreamSink sink, boolean retrying) {
    String line = Text.line(text);
    if (line.isEmpty()) {
      return;
    }
    Optional<String> login = login(line);
    if (login.isPresent()) {
      sink.loginFailed(login.get(), line);
      return;
    }
    Optional<String> rate = rateLimit(line, cli);
    if (rate.isPresent()) {
      sink.rateLimited(retrying ? rate.get() : rate.get().substring(0, rate.get().indexOf(';')));
    } else if (retrying) {
      sink.activity(a -> a.withNotice(Text.line(cli + " is retrying: " + line)));
    }
    if (!retrying) {
      sink.error(line);
    }
  }
}
