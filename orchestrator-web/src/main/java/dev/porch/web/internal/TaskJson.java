package dev.porch.web.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.core.AgentStatus;
import dev.porch.core.port.TestResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON the pages receive: a task's status in the shape of {@code porch status --json}'s rows. */
final class TaskJson {
  static final ObjectMapper JSON = new ObjectMapper();

  private TaskJson() {}

  /**
   * @param diff the size of its diff ({@code files}, {@code insertions}, {@code deletions}) as its
   *     last evaluation measured it, or null when not measured
   */
  static Map<String, Object> task(AgentStatus s, Map<String, Object> diff) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task", s.task().value());
    m.put("status", s.status().name());
    m.put("run", s.run().orElse(null));
    m.put("pattern", s.pattern().orElse(null));
    m.put("role", s.role().orElse(null));
    m.put("attempt", s.attempt());
    m.put("agent", s.agent().orElse(null));
    m.put("branch", s.branch());
    m.put("base", s.base().orElse(null));
    m.put("started", s.started().map(Instant::toString).orElse(null));
    m.put("completed", s.completed().map(Instant::toString).orElse(null));
    m.put("updated", s.updated().map(Instant::toString).orElse(null));
    m.put("activity", s.activity().orElse(null));
    m.put("summary", s.summary().orElse(null));
    m.put("error", s.error().orElse(null));
    m.put("files_changed", s.filesChanged());
    m.put("tests", s.tests().map(TaskJson::tests).orElse(null));
    m.put("score", s.score().isPresent() ? s.score().getAsDouble() : null);
    m.put("diff", diff);
    return m;
  }

  private static Map<String, Object> tests(TestResult t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("passed", t.passed());
    m.put("exit_code", t.exitCode());
    m.put("passed_count", t.hasCounts() ? t.passedCount() : null);
    m.put("failed_count", t.hasCounts() ? t.failedCount() : null);
    m.put("timed_out", t.timedOut());
    m.put("seconds", t.duration().toMillis() / 1000.0);
    return m;
  }

  static String snapshot(List<AgentStatus> statuses, java.util.function.Function<AgentStatus, Map<String, Object>> diff,
      Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("now", now.toString());
    m.put("tasks", statuses.stream().map(s -> task(s, diff.apply(s))).toList());
    return write(m);
  }

  static String write(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON for the dashboard", e);
    }
  }
}
