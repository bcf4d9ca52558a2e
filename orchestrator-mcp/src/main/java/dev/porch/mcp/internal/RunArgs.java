package dev.porch.mcp.internal;

import dev.porch.core.RunHandle;
import dev.porch.core.TaskName;
import dev.porch.mcp.RunSettings;
import java.util.List;
import java.util.Map;

/** The arguments every run-starting tool shares, and the result they all return. */
final class RunArgs {
  private RunArgs() {}

  /** Adds the arguments of every tool that starts agents to {@code schema}: who runs, how judged, how long. */
  static Schema agents(Schema schema) {
    return schema
        .string("agent", "Agent profile: claude, codex, gemini, qwen-code, opencode, amp, cursor-agent, aider, or one"
            + " from .porch.json (default: .porch.json's agent, else claude).", false)
        .string("test", "Test command that judges each workspace, e.g. \"mvn -q test\" (default: .porch.json's test).",
            false)
        .integer("timeout_seconds", "Time limit per agent (default: .porch.json's, else none).", 1, 7 * 24 * 3600, null)
        .integer("concurrency", "Agents running at once (default: .porch.json's, else the number of cores).", 1, 256,
            null);
  }

  /**
   * Adds the arguments of the pattern tools to {@code schema}: {@link #agents} plus where the run starts
   * and merges and what it keeps ({@code launch} has none of these: its worktrees exist, it merges nothing).
   */
  static Schema common(Schema schema) {
    return agents(schema)
        .string("base", "Branch to start from and merge into (default: .porch.json's base, else the current branch).",
            false)
        .bool("review", "Do not merge; stop after the decision (then compare the attempts and pick one).", false)
        .bool("keep", "Keep the worktrees of discarded agents.", false);
  }

  static RunSettings settings(Args a, TaskName feature, String instructions) {
    return new RunSettings(feature, instructions, a.string("agent"), a.string("test"), a.string("base"),
        a.seconds("timeout_seconds"), a.integer("concurrency", 1, 256), a.bool("review", false), a.bool("keep", false));
  }

  static Schema startedSchema() {
    return Schema.object()
        .any("run", "string", "The run's id: wait on it with the wait tool, read it at porch://runs/<id>.", true)
        .any("kind", "string", "What started it: launch, tell, compete, divide, test_first, explore or safety_net.", true)
        .any("tasks", "array", "The run's tasks.", true)
        .any("report", "string", "The resource with the run's report.", true)
        .any("warnings", "array", "What the CLI would warn about before this run (the sandbox), one line each.",
            true);
  }

  static Map<String, Object> started(RunHandle h, String kind, List<String> warnings) {
    return WorkflowTools.doc("porch.mcp-run-started/v1", "run", h.runId(), "kind", kind, "tasks",
        h.view().plan().names().stream().map(TaskName::value).toList(), "report", Resources.RUNS + h.runId(),
        "warnings", warnings);
  }
}
