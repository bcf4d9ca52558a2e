package dev.porch.cli.internal;

import dev.porch.core.AgentStatus;
import dev.porch.core.CleanupReport;
import dev.porch.core.Orchestrator;
import dev.porch.core.RunRequest;
import dev.porch.core.RunResult;
import dev.porch.core.SyncPlan;
import dev.porch.core.TaskName;
import dev.porch.core.error.PorchException;
import dev.porch.core.port.ConflictMatrix;
import dev.porch.core.port.MergeResult;
import dev.porch.core.port.StatusListing;
import dev.porch.core.port.StatusStore;
import dev.porch.core.port.WorkspaceProvider;
import dev.porch.mcp.PorchHost;
import dev.porch.mcp.RunSettings;
import dev.porch.project.Project;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code porch mcp}'s view of the repository: the CLI's own services, request building, hints and
 * JSON documents, so a tool call and the matching command share every step.
 */
public final class CliPorchHost implements PorchHost {
  private final Project services;

  public CliPorchHost(Project services) {
    this.services = services;
  }

  @Override
  public Path root() {
    return services.root();
  }

  @Override
  public WorkspaceProvider workspaces() {
    return services.workspaceProvider();
  }

  @Override
  public StatusStore statuses() {
    return services.statusStore();
  }

  @Override
  public Clock clock() {
    return services.clock();
  }

  @Override
  public AutoCloseable lock() {
    return services.lock();
  }

  @Override
  public Orchestrator orchestrator() {
    return services.orchestrator(List.of());
  }

  @Override
  public RunRequest request(RunSettings s) {
    return RunRequests.pattern(services, s.feature(), s.instructions(), s.agent().orElse(null), s.test().orElse(null),
        s.base().orElse(null), s.timeout(), s.concurrency().orElse(null), s.review(), s.keep());
  }

  @Override
  public RunRequest followUp(RunSettings s) {
    AgentStatus status = services.statusStore().read(s.feature())
        .orElseThrow(() -> Usage.error("there is no task " + s.feature() + " (no status file)"));
    return RunRequests.followUp(services, status, s.instructions(), s.agent().orElse(null), s.test().orElse(null),
        s.timeout());
  }

  @Override
  public List<String> preflight(RunRequest request) {
    return PatternRunner.sandboxWarnings(services, services.profiles(), request.agent());
  }

  @Override
  public Optional<String> defaultBase() {
    return services.config().base();
  }

  @Override
  public List<String> hints(PorchException error) {
    return CliHints.of(error);
  }

  @Override
  public Map<String, Object> statusDocument(StatusListing listing) {
    return StatusView.json(listing, services.clock().instant(), services.root().toString());
  }

  @Override
  public Map<String, Object> runReport(RunResult result) {
    return RunReport.json(result);
  }

  @Override
  public Map<String, Object> spawnDocument(TaskName feature, List<AgentStatus> made) {
    return WorkflowView.spawnJson(feature, made);
  }

  @Override
  public Map<String, Object> conflictsDocument(String target, ConflictMatrix matrix) {
    return WorkflowView.conflictsJson(target, matrix);
  }

  @Override
  public Map<String, Object> syncDocument(SyncPlan plan, List<MergeResult> results, String target, boolean dryRun) {
    return SyncView.json(plan, results, target, dryRun);
  }

  @Override
  public Map<String, Object> cleanupDocument(CleanupReport report, boolean dryRun) {
    return WorkflowView.cleanupJson(report, dryRun);
  }

  @Override
  public dev.porch.core.review.Review review() {
    return services.review();
  }

  @Override
  public Map<String, Object> diffDocument(dev.porch.core.review.TaskDiff diff, Optional<String> patch) {
    return ReviewView.diffJson(diff, patch);
  }

  @Override
  public Map<String, Object> compareDocument(dev.porch.core.review.Comparison comparison) {
    return ReviewView.compareJson(comparison);
  }

  @Override
  public Map<String, Object> pickDocument(dev.porch.core.review.PickResult result,
      dev.porch.core.RunOptions.CleanupPolicy cleanup) {
    return ReviewView.pickJson(result, cleanup);
  }

  @Override
  public Optional<String> logTail(TaskName task, int lines) {
    Optional<Path> file = new AgentLogs(services.root()).pick(task, false);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    StringWriter text = new StringWriter();
    new LogFollower(file.get(), new PrintWriter(text)).printExisting(lines);
    return Optional.of(text.toString());
  }
}
