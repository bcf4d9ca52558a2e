package dev.porch.agent.internal.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.porch.core.AgentState;
import dev.porch.core.Decision;
import dev.porch.core.TaskName;
import dev.porch.core.event.OrchestrationEvent;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One notification: its kind, a title and a line for a desktop, and the JSON a command reads on
 * standard input and a webhook receives ({@code "schema": "porch.notify/v1"}).
 *
 * @param kind what it is for: {@code final}, {@code blocked} or {@code decision}
 * @param title e.g. {@code porch: auth-1 COMPLETE}
 * @param message one line, e.g. the agent's reason
 * @param json the event as JSON, one line
 */
public record NotifyEvent(String kind, String title, String message, String json) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The notification for {@code e}, if it is one porch notifies on. */
  public static Optional<NotifyEvent> of(OrchestrationEvent e, Path repository) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("schema", "porch.notify/v1");
    doc.put("repository", repository.toString());
    doc.put("run", e.runId());
    doc.put("at", e.at().toString());
    if (e instanceof OrchestrationEvent.StateChanged s && (s.to().isFinal() || s.to() == AgentState.BLOCKED)) {
      String kind = s.to() == AgentState.BLOCKED ? "blocked" : "final";
      doc.put("event", "task-" + kind);
      doc.put("task", s.taskName().value());
      doc.put("state", s.to().name());
      doc.put("from", s.from().map(AgentState::name).orElse(null));
      doc.put("reason", s.reason().orElse(null));
      String title = "porch: " + s.taskName() + " " + s.to() + (s.to() == AgentState.BLOCKED ? " (needs input)" : "");
      return Optional.of(new NotifyEvent(kind, title, oneLine(s.reason().orElse(repository.getFileName() + "")), write(doc)));
    }
    if (e instanceof OrchestrationEvent.Decided d) {
      Decision dec = d.decision();
      doc.put("event", "run-decided");
      doc.put("verdict", dec.verdict().name());
      doc.put("winner", dec.winner().map(TaskName::value).orElse(null));
      ArrayNode merge = doc.putArray("merge");
      dec.merge().forEach(t -> merge.add(t.value()));
      doc.put("summary", dec.summary());
      return Optional.of(new NotifyEvent("decision", "porch: run " + e.runId() + " decided",
          oneLine(dec.summary()), write(doc)));
    }
    return Optional.empty();
  }

  private static String oneLine(String s) {
    String t = s.replaceAll("[\\p{Cntrl}]+", " ").strip();
    return t.length() > 200 ? t.substring(0, 199) + "…" : t;
  }

  private static String write(ObjectNode doc) {
    try {
      return JSON.writeValueAsString(doc);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
