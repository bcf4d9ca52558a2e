package dev.porch.cli.internal;

import dev.porch.core.AgentStatus;
import dev.porch.core.CleanupReport;
import dev.porch.core.TaskName;
import dev.porch.core.port.ConflictMatrix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --json} documents of the seed workflow's {@code porch spawn}, {@code conflicts} and
 * {@code cleanup} ({@code porch.spawn/v1}, {@code porch.conflicts/v1}, {@code porch.cleanup/v1}, see
 * docs/cli-json.md): printed by the commands and returned as they are by {@code porch mcp}'s tools
 * (through {@link CliPorchHost}), so both say the same thing. {@code porch.sync/v1} is
 * {@link SyncView#json}.
 */
public final class WorkflowView {
  private WorkflowView() {}

  /** The {@code porch.spawn/v1} document: the feature and the tasks {@code spawn} made. */
  public static Map<String, Object> spawnJson(TaskName feature, List<AgentStatus> made) {
    List<Map<String, Object>> tasks = new ArrayList<>();
    for (AgentStatus s : made) {
      tasks.add(JsonOut.object("task", s.task().value(), "status", s.status().name(), "branch", s.branch(),
          "worktree", s.worktree(), "base", s.base().orElse(null),
          "port", s.port().isPresent() ? s.port().getAsInt() : null, "error", s.error().orElse(null)));
    }
    return JsonOut.object("schema", "porch.spawn/v1", "feature", feature.value(), "tasks", tasks);
  }

  /** The {@code porch.conflicts/v1} document: the branches compared and the pairs that conflict. */
  public static Map<String, Object> conflictsJson(String target, ConflictMatrix m) {
    List<Map<String, Object>> pairs = new ArrayList<>();
    for (ConflictMatrix.Conflict c : m.conflictingPairs()) {
      pairs.add(JsonOut.object("first", c.first(), "second", c.second(), "paths", c.paths()));
    }
    return JsonOut.object("schema", "porch.conflicts/v1", "target", target, "branches", m.branches(),
        "conflicts", pairs);
  }

  /** The {@code porch.cleanup/v1} document: what was (or, on a dry run, would be) removed and kept. */
  public static Map<String, Object> cleanupJson(CleanupReport report, boolean dryRun) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", "porch.cleanup/v1");
    doc.put("dry_run", dryRun);
    doc.putAll(cleanupFields(report));
    return doc;
  }

  /**
   * A cleanup's {@code removed}, {@code branches_deleted} and {@code kept}, as {@code porch.cleanup/v1}
   * and {@code porch.pick/v1}'s {@code cleanup} show them.
   */
  static Map<String, Object> cleanupFields(CleanupReport report) {
    List<Map<String, Object>> kept = new ArrayList<>();
    report.kept().forEach(k -> kept.add(JsonOut.object("task", k.task().value(), "branch", k.branch(), "reason",
        k.reason())));
    return JsonOut.object("removed", report.removed().stream().map(TaskName::value).toList(),
        "branches_deleted", report.branchesDeleted(), "kept", kept);
  }
}
