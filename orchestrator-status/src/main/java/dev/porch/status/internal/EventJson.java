package dev.porch.status.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.porch.core.Decision;
import dev.porch.core.TaskName;
import dev.porch.core.event.OrchestrationEvent.AgentEnded;
import dev.porch.core.event.OrchestrationEvent.AgentProgress;
import dev.porch.core.event.OrchestrationEvent.AgentStarted;
import dev.porch.core.event.OrchestrationEvent.ConflictsPredicted;
import dev.porch.core.event.OrchestrationEvent.Decided;
import dev.porch.core.event.OrchestrationEvent.Evaluated;
import dev.porch.core.event.OrchestrationEvent.Merged;
import dev.porch.core.event.OrchestrationEvent.Problem;
import dev.porch.core.event.OrchestrationEvent.RetryScheduled;
import dev.porch.core.event.OrchestrationEvent.RunFinished;
import dev.porch.core.event.OrchestrationEvent.RunStarted;
import dev.porch.core.event.OrchestrationEvent.StateChanged;
import dev.porch.core.event.OrchestrationEvent.WorkCommitted;
import dev.porch.core.event.OrchestrationEvent.WorkspaceCreated;
import dev.porch.core.event.OrchestrationEvent.WorkspaceRemoved;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.ConflictMatrix;
import dev.porch.core.port.Evaluation;
import dev.porch.core.port.MergeResult;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Each {@link OrchestrationEvent} type mapped to a JSON line field by field: the file format is an
 * API, so no core object is serialised through its getters. A type missing here (added to core
 * later) is written with its common fields and {@code "unmapped": true}.
 */
public final class EventJson {
  /** Longest string written; longer ones are cut and end with "...". */
  public static final int MAX_TEXT = 4000;
  /** Most entries written from one list. */
  public static final int MAX_LIST = 1000;
  private static final int MAX_LOG_TAIL = 20;

  /** The mapping of every event type porch knows. */
  static final Map<Class<? extends OrchestrationEvent>, BiConsumer<OrchestrationEvent, ObjectNode>> MAPPERS =
      Map.ofEntries(
          Map.entry(RunStarted.class, (e, o) -> runStarted((RunStarted) e, o)),
          Map.entry(WorkspaceCreated.class, (e, o) -> workspaceCreated((WorkspaceCreated) e, o)),
          Map.entry(StateChanged.class, (e, o) -> stateChanged((StateChanged) e, o)),
          Map.entry(AgentStarted.class, (e, o) -> agentStarted((AgentStarted) e, o)),
          Map.entry(AgentProgress.class, (e, o) -> agentProgress((AgentProgress) e, o)),
          Map.entry(AgentEnded.class, (e, o) -> outcome(((AgentEnded) e).outcome(), o)),
          Map.entry(RetryScheduled.class, (e, o) -> retryScheduled((RetryScheduled) e, o)),
          Map.entry(WorkCommitted.class, (e, o) -> workCommitted((WorkCommitted) e, o)),
          Map.entry(Evaluated.class, (e, o) -> evaluation(((Evaluated) e).evaluation(), o)),
          Map.entry(ConflictsPredicted.class, (e, o) -> conflicts(((ConflictsPredicted) e).matrix(), o)),
          Map.entry(Decided.class, (e, o) -> decision(((Decided) e).decision(), o)),
          Map.entry(Merged.class, (e, o) -> merge(((Merged) e).result(), o)),
          Map.entry(WorkspaceRemoved.class, (e, o) -> o.put("branch_deleted", ((WorkspaceRemoved) e).branchDeleted())),
          Map.entry(Problem.class, (e, o) -> problem((Problem) e, o)),
          Map.entry(RunFinished.class, (e, o) -> runFinished((RunFinished) e, o)));

  private EventJson() {}

  /** The event's line, with its final {@code \n}; ASCII only. */
  public static byte[] line(OrchestrationEvent e) {
    try {
      return (JsonText.MAPPER.writeValueAsString(toJson(e)) + "\n").getBytes(StandardCharsets.US_ASCII);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot serialise a JSON tree", ex);
    }
  }

  /** The event as a JSON object. */
  public static ObjectNode toJson(OrchestrationEvent e) {
    ObjectNode o = JsonText.NODES.objectNode();
    o.put("type", e.type());
    o.put("run", text(e.runId()));
    o.put("at", Dates.format(e.at()));
    e.task().ifPresent(t -> o.put("task", t.value()));
    BiConsumer<OrchestrationEvent, ObjectNode> mapper = MAPPERS.get(e.getClass());
    if (mapper != null) {
      mapper.accept(e, o);
    } else {
      o.put("unmapped", true);
    }
    return o;
  }

  private static void runStarted(RunStarted e, ObjectNode o) {
    o.put("pattern", text(e.pattern()));
    tasks(o.putArray("tasks"), e.tasks());
  }

  private static void workspaceCreated(WorkspaceCreated e, ObjectNode o) {
    o.put("path", text(e.path().toString()));
    o.put("branch", text(e.branch()));
    o.put("base", text(e.base()));
  }

  private static void stateChanged(StateChanged e, ObjectNode o) {
    e.from().ifPresent(f -> o.put("from", f.name()));
    o.put("to", e.to().name());
    e.reason().ifPresent(r -> o.put("reason", text(r)));
  }

  private static void agentStarted(AgentStarted e, ObjectNode o) {
    o.put("agent", text(e.agent()));
    o.put("attempt", e.attempt());
    e.pid().ifPresent(p -> o.put("pid", p));
  }

  private static void agentProgress(AgentProgress e, ObjectNode o) {
    o.put("elapsed_ms", e.elapsed().toMillis());
    o.put("last_line", text(e.lastLine()));
    e.activity().ifPresent(a -> {
      a.session().ifPresent(v -> o.put("session", text(v)));
      a.doing().ifPresent(v -> o.put("doing", text(v)));
      a.lastMessage().ifPresent(v -> o.put("last_message", text(v)));
      a.notice().ifPresent(v -> o.put("notice", text(v)));
      if (!a.usage().isEmpty()) {
        o.set("usage", StatusCodec.usage(a.usage()));
      }
    });
  }

  private static void workCommitted(WorkCommitted e, ObjectNode o) {
    o.put("agent", text(e.agent()));
    o.put("commit", text(e.commit().commit()));
    List<String> files = e.commit().files();
    strings(o.putArray("files"), files.subList(0, Math.min(files.size(), MAX_LIST)));
  }

  private static void outcome(AgentOutcome r, ObjectNode o) {
    o.put("kind", r.kind().name());
    r.exitCode().ifPresent(c -> o.put("exit_code", c));
    o.put("rate_limited", r.rateLimited());
    o.put("duration_ms", r.duration().toMillis());
    r.reason().ifPresent(s -> o.put("reason", text(s)));
    List<String> tail = r.logTail();
    strings(o.putArray("log_tail"), tail.subList(Math.max(0, tail.size() - MAX_LOG_TAIL), tail.size()));
  }

  private static void retryScheduled(RetryScheduled e, ObjectNode o) {
    o.put("next_attempt", e.nextAttempt());
    o.put("delay_ms", e.delay().toMillis());
    o.put("reason", text(e.reason()));
  }

  private static void evaluation(Evaluation ev, ObjectNode o) {
    o.put("passed", ev.passed());
    if (Double.isFinite(ev.score())) {
      o.put("score", ev.score());
    }
    ev.tests().ifPresent(t -> o.set("tests", StatusCodec.tests(t)));
    ObjectNode diff = o.putObject("diff");
    diff.put("files", ev.diff().files());
    diff.put("insertions", ev.diff().insertions());
    diff.put("deletions", ev.diff().deletions());
    strings(o.putArray("files_changed"), ev.filesChanged());
    o.put("has_results", ev.results().isPresent());
    if (ev.commitsAhead() >= 0) {
      o.put("commits_ahead", ev.commitsAhead());
    }
  }

  private static void conflicts(ConflictMatrix m, ObjectNode o) {
    strings(o.putArray("branches"), m.branches());
    ArrayNode pairs = o.putArray("conflicts");
    for (ConflictMatrix.Conflict c : m.conflictingPairs()) {
      if (pairs.size() >= MAX_LIST) {
        break;
      }
      ObjectNode p = pairs.addObject();
      p.put("first", text(c.first()));
      p.put("second", text(c.second()));
      strings(p.putArray("paths"), c.paths());
    }
  }

  private static void decision(Decision d, ObjectNode o) {
    o.put("verdict", d.verdict().name());
    tasks(o.putArray("merge"), d.merge());
    tasks(o.putArray("discard"), d.discard());
    tasks(o.putArray("ranking"), d.ranking());
    d.winner().ifPresent(w -> o.put("winner", w.value()));
    o.put("summary", text(d.summary()));
    ObjectNode reasons = o.putObject("reasons");
    d.reasons().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .limit(MAX_LIST)
        .forEach(r -> reasons.put(r.getKey().value(), text(r.getValue())));
  }

  private static void merge(MergeResult r, ObjectNode o) {
    o.put("branch", text(r.branch()));
    o.put("target", text(r.target()));
    o.put("status", r.status().name());
    r.commit().ifPresent(c -> o.put("commit", text(c)));
    strings(o.putArray("conflicts"), r.conflicts());
    r.message().ifPresent(m -> o.put("message", text(m)));
  }

  private static void problem(Problem e, ObjectNode o) {
    o.put("step", text(e.step()));
    o.put("message", text(e.message()));
  }

  private static void runFinished(RunFinished e, ObjectNode o) {
    o.put("succeeded", e.succeeded());
    o.put("summary", text(e.summary()));
  }

  private static void tasks(ArrayNode a, Collection<TaskName> tasks) {
    tasks.stream().limit(MAX_LIST).forEach(t -> a.add(t.value()));
  }

  private static void strings(ArrayNode a, Collection<String> values) {
    values.stream().limit(MAX_LIST).forEach(v -> a.add(text(v)));
  }

  static String text(String s) {
    if (s == null) {
      return null;
    }
    return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 3) + "...";
  }
}
