package dev.porch.mcp;

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
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the MCP server needs from the program that wires porch's adapters (the CLI): the ports of
 * one repository, the project's defaults, and the words and documents the CLI already has, so that a
 * tool call and the matching command go through the same code.
 *
 * <p>Implementations must be thread-safe: tool calls run on the SDK's worker threads, at the same
 * time as each other and as status-change notifications. Every method may block on the disk or on
 * git; none may write to standard output (it carries the protocol).
 *
 * <pre>{@code
 * try (PorchMcpServer server = PorchMcpServer.builder(host).version("1.0").build()) {
 *   server.serve(System.in, System.out);
 * }
 * }</pre>
 */
public interface PorchHost {
  /** The repository's main worktree. */
  Path root();

  /** The git worktrees of the repository. */
  WorkspaceProvider workspaces();

  /** The status files under {@code .agent-status/}. */
  StatusStore statuses();

  /** The clock for status times. */
  Clock clock();

  /**
   * Takes the repository lock that every changing command takes, waiting as the CLI does.
   *
   * @return the held lock; closing it releases it (from any thread)
   * @throws PorchException if another porch holds it too long
   */
  AutoCloseable lock();

  /**
   * A new orchestrator over the adapters, appending every event to the event log. The caller
   * closes it when its run has ended.
   */
  Orchestrator orchestrator();

  /**
   * A pattern run's request with the project's defaults applied, built as the CLI's pattern commands
   * build theirs.
   *
   * @throws PorchException (or {@link IllegalArgumentException}) if a setting is refused
   */
  RunRequest request(RunSettings settings);

  /**
   * A follow-up's request for {@code settings.feature()} (a task whose agent has ended), built as
   * {@code porch tell} builds it.
   *
   * @throws PorchException if a setting is refused
   */
  RunRequest followUp(RunSettings settings);

  /**
   * Checks a run before it starts, as the CLI's run commands check theirs (the sandbox the project
   * asks for against the one there is): refuses what they refuse, and returns the warnings they print.
   * The default checks nothing.
   *
   * @return warnings for the caller, one line each, without a {@code porch: warning:} prefix
   * @throws PorchException if the CLI would refuse to start the run
   */
  default List<String> preflight(RunRequest request) {
    return List.of();
  }

  /** The base branch the project names, if any ({@code .porch.json}'s {@code base}). */
  Optional<String> defaultBase();

  /** The hint lines the CLI prints for {@code error}. */
  List<String> hints(PorchException error);

  /** {@code listing} as the CLI's {@code porch status --json} document ({@code porch.status/v1}). */
  Map<String, Object> statusDocument(StatusListing listing);

  /** {@code result} as the CLI's run report ({@code porch.run/v1}). */
  Map<String, Object> runReport(RunResult result);

  /** The tasks {@code spawn} made, as {@code porch spawn --json} prints them ({@code porch.spawn/v1}). */
  Map<String, Object> spawnDocument(TaskName feature, List<AgentStatus> made);

  /**
   * The conflict prediction against {@code target}, as {@code porch conflicts --json} prints it
   * ({@code porch.conflicts/v1}).
   */
  Map<String, Object> conflictsDocument(String target, ConflictMatrix matrix);

  /**
   * A sync into {@code target}, as {@code porch sync --merge [--dry-run] --json} prints it
   * ({@code porch.sync/v1}): on a dry run the plan's merges as planned, else {@code results}.
   */
  Map<String, Object> syncDocument(SyncPlan plan, List<MergeResult> results, String target, boolean dryRun);

  /** {@code report} as {@code porch cleanup [--dry-run] --json} prints it ({@code porch.cleanup/v1}). */
  Map<String, Object> cleanupDocument(CleanupReport report, boolean dryRun);

  /** The review API (diff, compare, pick) over the same ports, its events going to the event log. */
  dev.porch.core.review.Review review();

  /** {@code diff} as {@code porch diff --json [--patch]} prints it ({@code porch.diff/v1}). */
  Map<String, Object> diffDocument(dev.porch.core.review.TaskDiff diff, Optional<String> patch);

  /** {@code comparison} as {@code porch compare --json} prints it ({@code porch.compare/v1}). */
  Map<String, Object> compareDocument(dev.porch.core.review.Comparison comparison);

  /** {@code result} as {@code porch pick --json} prints it ({@code porch.pick/v1}). */
  Map<String, Object> pickDocument(dev.porch.core.review.PickResult result,
      dev.porch.core.RunOptions.CleanupPolicy cleanup);

  /**
   * The last lines of {@code task}'s log (its transcript, else its raw output), read only from
   * porch's own log folder.
   *
   * @param lines how many lines at most
   * @return the text, or empty when the task has no log yet
   * @throws PorchException if the log is refused (a symbolic link, outside {@code .agent-status/})
   */
  Optional<String> logTail(TaskName task, int lines);
}
