package dev.porch.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where porch keeps its state in a repository, as path values: the one place the names {@code
 * .agent-status} and {@code .worktrees} and the files inside them are spelled. Every path is built
 * from a validated {@link TaskName}, never from a raw string. Pure: it builds paths and never touches
 * the disk (writing them safely is {@code dev.porch.files.StateFiles}' job).
 *
 * <pre>
 * &lt;root&gt;/.worktrees/&lt;task&gt;/                   worktree(task)
 * &lt;root&gt;/.worktrees/.porch-ports.json          portRegistry()
 * &lt;root&gt;/.worktrees/.porch-share.json          shareTimes()
 * &lt;root&gt;/.agent-status/&lt;task&gt;.json             statusFile(task)
 * &lt;root&gt;/.agent-status/events.ndjson           eventsFile()
 * &lt;root&gt;/.agent-status/.lock                   repositoryLock()
 * &lt;root&gt;/.agent-status/.locks/&lt;task&gt;.lock      taskLock(task)
 * &lt;root&gt;/.agent-status/prompts/&lt;task&gt;.md       promptFile(task)
 * &lt;root&gt;/.agent-status/logs/&lt;task&gt;.log         logFile(task)
 * &lt;root&gt;/.agent-status/logs/&lt;task&gt;.transcript.log, .test.log, .setup.log
 * </pre>
 *
 * <pre>{@code
 * StateLayout layout = StateLayout.of(repo);
 * Path status = layout.statusFile(TaskName.of("auth-1"));   // <repo>/.agent-status/auth-1.json
 * String rel = StateLayout.relativeWorktree(TaskName.of("auth-1"));   // ".worktrees/auth-1"
 * }</pre>
 */
public final class StateLayout {
  // Not compile-time constants on purpose: javac copies those into every class that reads them, and
  // the rule that only this class spells the names (StateLayoutRuleTest) reads class files.
  /** The status folder's name, relative to the repository. */
  public static final String STATUS_FOLDER = String.valueOf(".agent-status");
  /** The folder that holds task worktrees, relative to the repository. */
  public static final String WORKTREES_FOLDER = String.valueOf(".worktrees");
  /** A status file's name is {@code <task>} and this suffix. */
  public static final String STATUS_SUFFIX = String.valueOf(".json");

  private final Path root;

  private StateLayout(Path root) {
    this.root = root;
  }

  /**
   * The layout of the repository at {@code root}.
   *
   * @param root the repository's main worktree, used as given (not made absolute)
   * @return the layout
   * @throws NullPointerException if {@code root} is null
   */
  public static StateLayout of(Path root) {
    return new StateLayout(Objects.requireNonNull(root, "root"));
  }

  /**
   * The repository.
   *
   * @return {@code <root>}
   */
  public Path root() {
    return root;
  }

  /**
   * The status folder.
   *
   * @return {@code <root>/.agent-status}
   */
  public Path statusFolder() {
    return root.resolve(STATUS_FOLDER);
  }

  /**
   * A task's status file.
   *
   * @param task the task
   * @return {@code <root>/.agent-status/<task>.json}
   */
  public Path statusFile(TaskName task) {
    return statusFolder().resolve(task.value() + STATUS_SUFFIX);
  }

  /**
   * The event log.
   *
   * @return {@code <root>/.agent-status/events.ndjson}
   */
  public Path eventsFile() {
    return statusFolder().resolve("events.ndjson");
  }

  /**
   * The repository lock's file.
   *
   * @return {@code <root>/.agent-status/.lock}
   */
  public Path repositoryLock() {
    return statusFolder().resolve(".lock");
  }

  /**
   * The folder of per-task writer locks.
   *
   * @return {@code <root>/.agent-status/.locks}
   */
  public Path locksFolder() {
    return statusFolder().resolve(".locks");
  }

  /**
   * A task's writer lock.
   *
   * @param task the task
   * @return {@code <root>/.agent-status/.locks/<task>.lock}
   */
  public Path taskLock(TaskName task) {
    return locksFolder().resolve(task.value() + ".lock");
  }

  /**
   * The folder of saved prompts.
   *
   * @return {@code <root>/.agent-status/prompts}
   */
  public Path promptsFolder() {
    return statusFolder().resolve("prompts");
  }

  /**
   * The prompt porch gave a task's agent.
   *
   * @param task the task
   * @return {@code <root>/.agent-status/prompts/<task>.md}
   */
  public Path promptFile(TaskName task) {
    return promptsFolder().resolve(task.value() + ".md");
  }

  /**
   * The folder of logs.
   *
   * @return {@code <root>/.agent-status/logs}
   */
  public Path logsFolder() {
    return statusFolder().resolve("logs");
  }

  /**
   * A task's raw agent output.
   *
   * @param task the task
   * @return {@code <root>/.agent-status/logs/<task>.log}
   */
  public Path logFile(TaskName task) {
    return logsFolder().resolve(task.value() + ".log");
  }

  /**
   * A task's readable transcript.
   *
   * @param task the task
   * @return {@code <root>/.agent-status/logs/<task>.transcript.log}
   */
  public Path transcriptFile(TaskName task) {
    return logsFolder().resolve(task.value() + ".transcript.log");
  }

  /**
   * The output of a task's last test run.
   *
   * @param task the task
   * @return {@code <root>/.agent-status/logs/<task>.test.log}
   */
  public Path testLogFile(TaskName task) {
    return logsFolder().resolve(task.value() + ".test.log");
  }

  /**
   * The output of a task's worktree set-up.
   *
   * @param task the task
   * @return {@code <root>/.agent-status/logs/<task>.setup.log}
   */
  public Path setupLogFile(TaskName task) {
    return logsFolder().resolve(task.value() + ".setup.log");
  }

  /**
   * The folder of task worktrees.
   *
   * @return {@code <root>/.worktrees}
   */
  public Path worktreesFolder() {
    return root.resolve(WORKTREES_FOLDER);
  }

  /**
   * A task's worktree.
   *
   * @param task the task
   * @return {@code <root>/.worktrees/<task>}
   */
  public Path worktree(TaskName task) {
    return worktreesFolder().resolve(task.value());
  }

  /**
   * The registry of ports handed to worktrees.
   *
   * @return {@code <root>/.worktrees/.porch-ports.json}
   */
  public Path portRegistry() {
    return worktreesFolder().resolve(".porch-ports.json");
  }

  /**
   * How long the last plain copy of each shared folder took, so that a clone or a link can say what
   * it saved. Beside the worktrees, like the port registry: it describes the folders, not the agents.
   *
   * @return {@code <root>/.worktrees/.porch-share.json}
   */
  public Path shareTimes() {
    return worktreesFolder().resolve(".porch-share.json");
  }

  /**
   * The lock that serialises updates of {@link #portRegistry()}.
   *
   * @return {@code <root>/.worktrees/.porch-ports.lock}
   */
  public Path portRegistryLock() {
    return worktreesFolder().resolve(".porch-ports.lock");
  }

  /**
   * {@code path} relative to the root, with {@code /} between names on every platform, as status
   * files, messages and git pathspecs write it.
   *
   * @param path a path inside the root
   * @return e.g. {@code .agent-status/logs/auth-1.log}
   * @throws IllegalArgumentException if {@code path} is not inside the root
   */
  public String relative(Path path) {
    if (!path.startsWith(root)) {
      throw new IllegalArgumentException(path + " is not inside " + root);
    }
    return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
  }

  /**
   * A task's worktree as status files write it.
   *
   * @param task the task
   * @return {@code .worktrees/<task>}
   */
  public static String relativeWorktree(TaskName task) {
    return WORKTREES_FOLDER + "/" + task.value();
  }

  /**
   * A task's status file relative to the repository, for prompts and messages.
   *
   * @param task the task
   * @return {@code .agent-status/<task>.json}
   */
  public static String relativeStatusFile(TaskName task) {
    return STATUS_FOLDER + "/" + task.value() + STATUS_SUFFIX;
  }

  /**
   * A task's raw log as status files write it.
   *
   * @param task the task
   * @return {@code .agent-status/logs/<task>.log}
   */
  public static String relativeLogFile(TaskName task) {
    return STATUS_FOLDER + "/logs/" + task.value() + ".log";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StateLayout && ((StateLayout) o).root.equals(root);
  }

  @Override
  public int hashCode() {
    return root.hashCode();
  }

  @Override
  public String toString() {
    return "StateLayout[" + root + "]";
  }
}
