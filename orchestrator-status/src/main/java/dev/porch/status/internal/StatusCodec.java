package dev.porch.status.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.error.StatusFileException;
import dev.porch.core.port.TestResult;
import dev.porch.core.port.Usage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Maps {@link AgentStatus} to the status file's JSON and back, field by field (no reflection, no
 * annotations on core types). Writing keeps the top-level fields porch does not know from the
 * previous file; reading accepts PowerShell's variants (see {@link FieldReader}) and checks the
 * trusted fields through {@link Trust}.
 */
public final class StatusCodec {
  /** The seed protocol's fields, always written, in the seed's order. */
  public static final List<String> SEED_FIELDS =
      List.of("task", "status", "started", "completed", "summary", "files_changed", "branch", "worktree");
  /** porch's optional fields, written only when present. */
  public static final List<String> PORCH_FIELDS =
      List.of("pattern", "role", "attempt", "agent", "pid", "pid_started", "exit_code", "log", "base", "port",
          "tests", "score", "error", "run", "updated", "committed_by_porch", "session", "usage", "activity");
  /** The fields of {@code usage}. */
  public static final List<String> USAGE_FIELDS = List.of("input_tokens", "output_tokens", "turns", "cost_usd");
  /** The fields of {@code tests}. */
  public static final List<String> TEST_FIELDS =
      List.of("passed", "exit_code", "duration_ms", "passed_count", "failed_count", "skipped_count", "format",
          "command", "timed_out");

  private static final Set<String> KNOWN = Set.copyOf(concat(SEED_FIELDS, PORCH_FIELDS));
  private static final ObjectWriter WRITER = JsonText.MAPPER.writer(printer());

  private final ZoneId localZone;

  /**
   * A codec.
   *
   * @param localZone the zone for date-times written without an offset
   */
  public StatusCodec(ZoneId localZone) {
    this.localZone = localZone;
  }

  private static DefaultPrettyPrinter printer() {
    Separators seps =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    DefaultIndenter lf = new DefaultIndenter("  ", "\n");
    return new DefaultPrettyPrinter(seps).withObjectIndenter(lf).withArrayIndenter(lf);
  }

  /**
   * Reads a status from a parsed file.
   *
   * @param file the file, for messages
   * @param fileTask the task named by the file's name
   * @param parsed the parsed object
   * @return the status, with its worktree normalised
   * @throws StatusFileException if a field is missing or of the wrong type
   * @throws dev.porch.core.error.TamperedStatusException if task, branch or worktree is not trusted
   */
  public AgentStatus decode(Path file, TaskName fileTask, JsonText.Parsed parsed) {
    FieldReader r = new FieldReader(file, parsed.root(), "", parsed.where(), new int[] {-1, -1}, localZone);
    TaskName task = Trust.task(file, fileTask, r.required("task"));
    String branch = Trust.branch(file, r.required("branch"));
    String worktree = Trust.worktree(file, task, r.required("worktree"));
    AgentStatus.Builder b = AgentStatus.builder();
    b.task(task).status(state(r)).branch(branch).worktree(worktree);
    b.started(r.instant("started")).completed(r.instant("completed")).summary(r.string("summary"));
    b.addAllFilesChanged(r.strings("files_changed"));
    b.pattern(r.string("pattern")).role(r.string("role")).agent(r.string("agent"));
    OptionalInt attempt = r.integer32("attempt", 1, Integer.MAX_VALUE);
    if (attempt.isPresent()) {
      b.attempt(attempt.getAsInt());
    }
    b.pid(r.integer("pid", 1, Long.MAX_VALUE)).pidStarted(r.instant("pid_started"));
    b.exitCode(r.integer32("exit_code", Integer.MIN_VALUE, Integer.MAX_VALUE));
    b.log(r.string("log")).base(r.string("base")).port(r.integer32("port", 0, 65535));
    b.tests(Optional.ofNullable(tests(r.object("tests"))));
    b.score(r.number("score")).error(r.string("error")).run(r.string("run")).updated(r.instant("updated"));
    b.committedByPorch(r.bool("committed_by_porch", false)).session(r.string("session"));
    b.usage(Optional.ofNullable(usage(r.object("usage")))).activity(r.string("activity"));
    return b.build();
  }

  private static AgentState state(FieldReader r) {
    String s = r.required("status");
    try {
      // PowerShell compares case-insensitively ($_.status -eq "COMPLETE"), so "complete" means the same.
      return AgentState.valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw r.wrong("status", "must be one of PENDING, RUNNING, COMPLETE, FAILED, BLOCKED, found \"" + Dates.abbreviate(s) + "\"");
    }
  }

  private static Usage usage(FieldReader u) {
    if (u == null) {
      return null;
    }
    return new Usage(u.integer("input_tokens", 0, Long.MAX_VALUE).orElse(0),
        u.integer("output_tokens", 0, Long.MAX_VALUE).orElse(0),
        u.integer32("turns", 0, Integer.MAX_VALUE).orElse(0), u.number("cost_usd"));
  }

  /** The JSON for a usage; a cost only when reported. */
  public static ObjectNode usage(Usage u) {
    ObjectNode o = JsonText.NODES.objectNode();
    o.put("input_tokens", u.inputTokens());
    o.put("output_tokens", u.outputTokens());
    o.put("turns", u.turns());
    u.costUsd().ifPresent(c -> o.put("cost_usd", c));
    return o;
  }

  private static TestResult tests(FieldReader t) {
    if (t == null) {
      return null;
    }
    if (t.get("passed") == null) {
      throw t.wrong("passed", "is missing");
    }
    if (t.get("exit_code") == null) {
      throw t.wrong("exit_code", "is missing");
    }
    return new TestResult(
        t.bool("passed", false),
        t.integer32("exit_code", Integer.MIN_VALUE, Integer.MAX_VALUE).getAsInt(),
        Duration.ofMillis(t.integer("duration_ms", 0, Long.MAX_VALUE).orElse(0)),
        t.integer32("passed_count", 0, Integer.MAX_VALUE).orElse(-1),
        t.integer32("failed_count", 0, Integer.MAX_VALUE).orElse(-1),
        t.integer32("skipped_count", 0, Integer.MAX_VALUE).orElse(-1),
        t.string("format"),
        t.strings("command"),
        t.bool("timed_out", false));
  }

  /**
   * The JSON for {@code s}: the seed's 8 fields (null when empty), porch's fields when present, then
   * every top-level field of {@code previous} that porch does not own, in their old order.
   *
   * @param s the status
   * @param previous the file's current object, or null
   * @return a new object
   */
  public ObjectNode encode(AgentStatus s, ObjectNode previous) {
    ObjectNode o = JsonText.NODES.objectNode();
    o.put("task", s.task().value());
    o.put("status", s.status().name());
    o.put("started", s.started().map(Dates::format).orElse(null));
    o.put("completed", s.completed().map(Dates::format).orElse(null));
    o.put("summary", s.summary().orElse(null));
    ArrayNode files = o.putArray("files_changed");
    s.filesChanged().forEach(files::add);
    o.put("branch", s.branch());
    o.put("worktree", s.worktree());
    s.pattern().ifPresent(v -> o.put("pattern", v));
    s.role().ifPresent(v -> o.put("role", v));
    if (s.attempt() != 1) {
      o.put("attempt", s.attempt());
    }
    s.agent().ifPresent(v -> o.put("agent", v));
    s.pid().ifPresent(v -> o.put("pid", v));
    s.pidStarted().ifPresent(v -> o.put("pid_started", Dates.format(v)));
    s.exitCode().ifPresent(v -> o.put("exit_code", v));
    s.log().ifPresent(v -> o.put("log", v));
    s.base().ifPresent(v -> o.put("base", v));
    s.port().ifPresent(v -> o.put("port", v));
    s.tests().ifPresent(t -> o.set("tests", tests(t)));
    // JSON has no NaN or infinity (and PowerShell's ConvertFrom-Json rejects them): such a score is no score.
    s.score().ifPresent(v -> {
      if (Double.isFinite(v)) {
        o.put("score", v);
      }
    });
    s.error().ifPresent(v -> o.put("error", v));
    s.run().ifPresent(v -> o.put("run", v));
    s.updated().ifPresent(v -> o.put("updated", Dates.format(v)));
    if (s.committedByPorch()) {
      o.put("committed_by_porch", true);
    }
    s.session().ifPresent(v -> o.put("session", v));
    s.usage().ifPresent(u -> o.set("usage", usage(u)));
    s.activity().ifPresent(v -> o.put("activity", v));
    if (previous != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = previous.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!KNOWN.contains(e.getKey())) {
          o.set(e.getKey(), e.getValue());
        }
      }
    }
    return o;
  }

  /** The JSON for a test result; unknown counts (negative) are left out. */
  public static ObjectNode tests(TestResult t) {
    ObjectNode o = JsonText.NODES.objectNode();
    o.put("passed", t.passed());
    o.put("exit_code", t.exitCode());
    o.put("duration_ms", t.duration().toMillis());
    if (t.passedCount() >= 0) {
      o.put("passed_count", t.passedCount());
    }
    if (t.failedCount() >= 0) {
      o.put("failed_count", t.failedCount());
    }
    if (t.skippedCount() >= 0) {
      o.put("skipped_count", t.skippedCount());
    }
    t.format().ifPresent(f -> o.put("format", f));
    ArrayNode cmd = o.putArray("command");
    t.command().forEach(cmd::add);
    o.put("timed_out", t.timedOut());
    return o;
  }

  /** The file's bytes: two-space indented, LF line ends, a final newline, ASCII only. */
  public static byte[] toBytes(ObjectNode o) {
    try {
      return (WRITER.writeValueAsString(o) + "\n").getBytes(StandardCharsets.US_ASCII);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
