package dev.porch.core.internal.engine;

import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.TaskSpec;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.DiffStat;
import dev.porch.core.port.Evaluation;
import dev.porch.core.port.TestResult;
import dev.porch.core.port.Workspace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** How the engine words and fills status fields; pure functions. */
public final class StatusFacts {
  static final int LOG_LINES_IN_ERROR = 5;
  static final int SUMMARY_MAX = 200;

  private StatusFacts() {}

  /** The PENDING status of a new workspace. */
  static AgentStatus pending(Workspace w, TaskSpec spec, String agent, String pattern, String runId, Instant now) {
    AgentStatus s = AgentStatus.pending(w.task(), w.branch(), w.relativePath())
        .withBase(w.base())
        .withPattern(pattern)
        .withAgent(agent)
        .withRun(runId)
        .withLog(".agent-status/logs/" + w.task() + ".log")
        .withUpdated(now);
    if (spec.role().isPresent()) {
      s = s.withRole(spec.role().get());
    }
    if (w.port().isPresent()) {
      s = s.withPort(w.port().getAsInt());
    }
    return s;
  }

  /** A status for a task that never got a workspace (kept in memory only). */
  static AgentStatus unborn(TaskName task, String branch, String pattern, String runId, Instant now) {
    return AgentStatus.pending(task, branch, ".worktrees/" + task).withPattern(pattern).withRun(runId).withUpdated(now);
  }

  /**
   * A one-line summary from RESULTS.md: its first line with words in it, without markdown heading
   * marks or list bullets; headings such as "Results" alone are skipped when more follows.
   */
  static Optional<String> summaryFromResults(String results) {
    String fallback = null;
    for (String line : results.lines().toList()) {
      String t = line.strip();
      boolean heading = t.startsWith("#");
      t = t.replaceFirst("^#+\\s*", "").replaceFirst("^[-*]\\s+", "").strip();
      if (t.isEmpty()) {
        continue;
      }
      if (heading) {
        fallback = fallback == null ? t : fallback;
        continue;
      }
      return Optional.of(clip(t));
    }
    return Optional.ofNullable(fallback).map(StatusFacts::clip);
  }

  /** The subject line of a commit message. */
  static Optional<String> subject(String message) {
    return message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().map(StatusFacts::clip);
  }

  private static String clip(String s) {
    return s.length() <= SUMMARY_MAX ? s : s.substring(0, SUMMARY_MAX - 3) + "...";
  }

  /** Words that make a line of output an error line worth keeping in a failure summary. */
  private static final java.util.regex.Pattern ERROR_LINE = java.util.regex.Pattern.compile(
      "(?i)(^|[^a-z])(error|fatal|exception|panic|denied|refused|invalid|unauthori[sz]ed|not found|failed)([^a-z]|$)");
  private static final int LINE_MAX = 300;

  /**
   * Why a task failed, for its {@code error} field: the outcome's reason, then the first error line
   * of the output (when the last lines do not show it) and the last lines, each without ANSI escapes
   * and never repeating text the summary already says.
   */
  public static String failure(AgentOutcome o, String stopReason) {
    if (stopReason != null) {
      return stopReason;
    }
    if (o.kind() == AgentOutcome.Kind.LOGIN_FAILED && o.reason().isPresent()) {
      return plain(o.reason().get()); // one line that names the agent and the fix; the log tail adds nothing
    }
    String why;
    if (o.kind() == AgentOutcome.Kind.EXITED) {
      why = o.reason().map(StatusFacts::plain).filter(r -> !r.isEmpty())
          .orElse("agent exited with code " + (o.exitCode().isPresent() ? o.exitCode().getAsInt() : "unknown"));
    } else {
      why = o.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
          + o.reason().map(StatusFacts::plain).filter(r -> !r.isEmpty()).map(r -> ": " + r).orElse("");
    }
    if (o.rateLimited()) {
      why += " (rate limited)";
    }
    java.util.LinkedHashSet<String> lines = new java.util.LinkedHashSet<>();
    for (String raw : o.logTail()) {
      String line = plain(raw);
      if (!line.isEmpty() && !said(why, line)) {
        lines.add(line);
      }
    }
    List<String> all = List.copyOf(lines);
    List<String> last = all.subList(Math.max(0, all.size() - LOG_LINES_IN_ERROR), all.size());
    Optional<String> firstError = all.stream().filter(l -> ERROR_LINE.matcher(l).find()).findFirst()
        .filter(l -> !last.contains(l));
    if (firstError.isPresent()) {
      why += "; first error: " + firstError.get();
    }
    if (!last.isEmpty()) {
      why += "; last output: " + String.join(" | ", last);
    }
    return why;
  }

  /**
   * Whether {@code why} already says {@code line} (the launcher puts the reason in the log tail too;
   * a transcript marks its notes with "! "). Short lines such as "ok" count only when equal.
   */
  private static boolean said(String why, String line) {
    String text = line.startsWith("! ") ? line.substring(2) : line;
    return why.equals(text) || (text.length() >= 20 && why.contains(text));
  }

  /** One safe line of agent text without escape sequences. */
  private static String plain(String s) {
    return dev.porch.core.UntrustedText.oneLine(dev.porch.core.UntrustedText.withoutEscapes(s), LINE_MAX);
  }

  /** An evaluation that counts as not passing, for a workspace that could not be judged. */
  static Evaluation notJudged(TaskName task, String why) {
    TestResult failed = new TestResult(false, -1, Duration.ZERO, -1, -1, -1, Optional.empty(), List.of(), false);
    return new Evaluation(task, Optional.of(failed), DiffStat.EMPTY, List.of(), 0, Optional.of("not judged: " + why));
  }

  /** Up to three of {@code paths}, then how many more. */
  static String some(List<String> paths) {
    String shown = String.join(", ", paths.subList(0, Math.min(3, paths.size())));
    return paths.size() > 3 ? shown + " and " + (paths.size() - 3) + " more" : shown;
  }

  /** The message of porch's commit of an agent's leftover work: its summary, then why porch made it. */
  static String leftoverMessage(TaskName task, String agent, int attempt, Optional<String> summary) {
    String line = dev.porch.core.UntrustedText.oneLine(summary.orElse(""), 72);
    return (line.isEmpty() ? "Work of " + task + " left uncommitted by " + agent : line) + "\n\n"
        + "Committed by porch: the " + agent + " agent of " + task + " (attempt " + attempt + ") ended\n"
        + "without committing this work, so porch committed it: what is judged is what is merged.\n\n"
        + "Porch-Task: " + task + "\n";
  }

  /**
   * {@code s} with what its agent was last seen doing: the session and use it reported, and its
   * current step while it runs (cleared once it does not).
   */
  static AgentStatus withActivity(AgentStatus s, dev.porch.core.port.AgentActivity a) {
    if (a == null) {
      return s.status() == dev.porch.core.AgentState.RUNNING ? s : s.withActivity(Optional.empty());
    }
    AgentStatus out = s.withSession(a.session().or(s::session));
    if (!a.usage().isEmpty()) {
      out = out.withUsage(a.usage());
    }
    // a notice (rate limited while the CLI retries) matters more than the step it interrupts
    return out.withActivity(s.status() == dev.porch.core.AgentState.RUNNING ? a.notice().or(a::doing)
        : Optional.empty());
  }
}
