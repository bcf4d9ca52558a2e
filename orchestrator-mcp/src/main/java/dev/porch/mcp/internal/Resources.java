package dev.porch.mcp.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.core.AgentStatus;
import dev.porch.core.RunHandle;
import dev.porch.core.TaskName;
import dev.porch.core.port.StatusChange;
import dev.porch.core.port.StatusListing;
import dev.porch.core.port.StatusStore;
import dev.porch.mcp.PorchHost;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * porch's resources: {@code porch://status} (every status), {@code porch://status/<task>} (one
 * status file, listed for each task that has one), {@code porch://logs/<task>} (the tail of its log)
 * and {@code porch://runs/<id>} (a run started here: its report once it has ended). A change to a
 * status file is sent as {@code notifications/resources/updated} for {@code porch://status} and
 * the task's URI to the clients subscribed to them (the SDK keeps the subscriptions); a run's end,
 * for its URI.
 */
public final class Resources implements AutoCloseable {
  static final String STATUS = "porch://status";
  static final String STATUS_TASK = "porch://status/";
  static final String LOGS = "porch://logs/";
  static final String RUNS = "porch://runs/";
  private static final int TAIL_LINES = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PorchHost host;
  private final Runs runs;
  private final Set<TaskName> listed = ConcurrentHashMap.newKeySet();
  private volatile McpSyncServer server;
  private StatusStore.Subscription subscription;

  public Resources(PorchHost host, Runs runs) {
    this.host = host;
    this.runs = runs;
  }

  List<SyncResourceSpecification> statics() {
    McpSchema.Resource all = McpSchema.Resource.builder().uri(STATUS).name("status").title("Every agent's status")
        .description("porch.status/v1: every task's status file, as 'porch status --json'.")
        .mimeType("application/json").build();
    List<SyncResourceSpecification> specs = new ArrayList<>();
    specs.add(new SyncResourceSpecification(all, (ex, req) -> json(STATUS,
        host.statusDocument(host.statuses().list()))));
    // the tasks there are now are listed from the start: added later, each would send a list_changed
    // notification before the client has even been answered its initialize request
    for (AgentStatus s : host.statuses().list().statuses()) {
      if (listed.add(s.task())) {
        specs.add(taskResource(s.task()));
      }
    }
    return specs;
  }

  List<SyncResourceTemplateSpecification> templates() {
    return List.of(
        new SyncResourceTemplateSpecification(McpSchema.ResourceTemplate.builder(STATUS_TASK + "{task}", "task-status")
            .title("One agent's status").description("One task's status file (porch.status/v1 with one task).")
            .mimeType("application/json").build(), (ex, req) -> readStatus(req.uri())),
        new SyncResourceTemplateSpecification(McpSchema.ResourceTemplate.builder(LOGS + "{task}", "task-log")
            .title("An agent's log tail").description("The last " + TAIL_LINES
                + " lines of a task's transcript (or raw output).").mimeType("text/plain").build(),
            (ex, req) -> readLog(req.uri())),
        new SyncResourceTemplateSpecification(McpSchema.ResourceTemplate.builder(RUNS + "{run}", "run-report")
            .title("A run's report").description("A run started by this server: porch.run/v1 once it has ended,"
                + " its tasks' statuses while it runs.").mimeType("application/json").build(),
            (ex, req) -> readRun(req.uri())));
  }

  /** Starts listing status resources and sending change notifications through {@code server}. */
  void attach(McpSyncServer server) {
    this.server = server;
    subscription = host.statuses().watch(this::changed);
    host.statuses().list().statuses().forEach(s -> list(s.task())); // made since statics(): listed now
    runs.onEnd(id -> notify(RUNS + id));
  }

  private void changed(StatusChange change) {
    if (change.status().isPresent()) {
      list(change.task());
    } else if (change.removed() && listed.remove(change.task())) {
      quietly(() -> server.removeResource(STATUS_TASK + change.task()));
    }
    notify(STATUS_TASK + change.task());
    notify(STATUS);
  }

  private void list(TaskName task) {
    if (listed.add(task)) {
      quietly(() -> server.addResource(taskResource(task)));
    }
  }

  private SyncResourceSpecification taskResource(TaskName task) {
    McpSchema.Resource r = McpSchema.Resource.builder().uri(STATUS_TASK + task).name("status-" + task)
        .title(task + " status").description("The status file " + dev.porch.core.StateLayout.relativeStatusFile(task))
        .mimeType("application/json").build();
    return new SyncResourceSpecification(r, (ex, req) -> readStatus(req.uri()));
  }

  private void notify(String uri) {
    McpSyncServer s = server;
    if (s != null) {
      quietly(() -> s.notifyResourcesUpdated(new McpSchema.ResourcesUpdatedNotification(uri)));
    }
  }

  private static void quietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      // a notification that cannot be sent (the client went away) changes nothing for porch
    }
  }

  private McpSchema.ReadResourceResult readStatus(String uri) {
    TaskName task = task(uri, STATUS_TASK);
    StatusListing all = host.statuses().list();
    List<AgentStatus> one = all.statuses().stream().filter(s -> s.task().equals(task)).toList();
    if (one.isEmpty()) {
      throw notFound(uri, "there is no task " + task + " (no status file)");
    }
    return json(uri, host.statusDocument(new StatusListing(one, List.of())));
  }

  private McpSchema.ReadResourceResult readLog(String uri) {
    TaskName task = task(uri, LOGS);
    String text = host.logTail(task, TAIL_LINES).orElse("");
    return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, "text/plain", text)));
  }

  private McpSchema.ReadResourceResult readRun(String uri) {
    String id = uri.substring(RUNS.length());
    RunHandle h = runs.find(id).orElseThrow(() -> notFound(uri, "no run " + id + " was started by this server"));
    if (h.result().isDone()) {
      return json(uri, host.runReport(h.result().join()));
    }
    List<AgentStatus> statuses = List.copyOf(h.view().statuses().values());
    return json(uri, WorkflowTools.doc("porch.mcp-run/v1", "run", id, "kind", runs.kind(id), "ended", false,
        "status", host.statusDocument(new StatusListing(statuses, List.of()))));
  }

  private static TaskName task(String uri, String prefix) {
    try {
      return TaskName.of(uri.substring(prefix.length()));
    } catch (RuntimeException e) {
      throw notFound(uri, e.getMessage());
    }
  }

  private static McpError notFound(String uri, String why) {
    return McpError.builder(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND).message("resource " + uri + ": " + why)
        .data(Map.of("uri", uri)).build();
  }

  private static McpSchema.ReadResourceResult json(String uri, Object doc) {
    try {
      return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, "application/json",
          JSON.writeValueAsString(doc))));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a status document did not serialise", e);
    }
  }

  @Override
  public void close() {
    Optional.ofNullable(subscription).ifPresent(StatusStore.Subscription::close);
  }
}
