package dev.porch.cli.internal;

import dev.porch.core.TaskName;
import dev.porch.core.error.PorchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a task's logs are, from porch's layout alone: {@code .agent-status/logs/<task>.transcript.log}
 * (the readable transcript) and {@code .agent-status/logs/<task>.log} (the raw output). The status
 * file's {@code log} field is never used: a status file is data anyone can write, and it must not be
 * able to make porch print {@code ~/.ssh/id_rsa}. A log that is a symbolic link, or whose folder
 * leads out of {@code .agent-status/}, is refused.
 */
public final class AgentLogs {
  private final Path statusDir;

  /**
   * Logs of the repository at {@code repoRoot}.
   *
   * @param repoRoot the repository's main worktree
   */
  public AgentLogs(Path repoRoot) {
    this.statusDir = repoRoot.resolve(".agent-status");
  }

  /** The readable transcript's path, whether or not it exists. */
  public Path transcript(TaskName task) {
    return statusDir.resolve("logs").resolve(task.value() + ".transcript.log");
  }

  /** The raw log's path, whether or not it exists. */
  public Path raw(TaskName task) {
    return statusDir.resolve("logs").resolve(task.value() + ".log");
  }

  /**
   * The log to show: the raw one when {@code raw}, otherwise the transcript, or the raw log when
   * there is no transcript.
   *
   * @return the file, checked, or empty when none exists yet
   * @throws PorchException if the file is a symbolic link, not a regular file, or outside
   *     {@code .agent-status/}
   */
  public Optional<Path> pick(TaskName task, boolean raw) {
    for (Path p : raw ? List.of(raw(task)) : List.of(transcript(task), raw(task))) {
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of(checked(p));
      }
    }
    return Optional.empty();
  }

  /** Whether the task has any log at all. */
  public boolean any(TaskName task) {
    return Files.exists(transcript(task), LinkOption.NOFOLLOW_LINKS) || Files.exists(raw(task), LinkOption.NOFOLLOW_LINKS);
  }

  private Path checked(Path file) {
    try {
      Path real = file.toRealPath();
      if (Files.isSymbolicLink(file) || !real.startsWith(statusDir.toRealPath()) || !Files.isRegularFile(real)) {
        throw refused(file, "it is a symbolic link, not a regular file, or outside .agent-status/");
      }
      return real;
    } catch (IOException e) {
      throw refused(file, e.getMessage());
    }
  }

  private static PorchException refused(Path file, String why) {
    return new PorchException("refusing to read " + Sanitize.text(file.toString()) + ": " + Sanitize.text(why),
        List.of("porch only reads logs it wrote under .agent-status/logs/; remove the file if you did not put it there"),
        null);
  }
}
