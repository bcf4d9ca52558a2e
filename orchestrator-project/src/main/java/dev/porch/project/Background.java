package dev.porch.project;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Starts a process that outlives the one starting it, the way {@code porch launch} and {@code
 * porch tell} start their supervisors: never through a shell (the command is an argument list),
 * standard input from the null device, standard output and error to a log file under {@code
 * .agent-status/logs/}. An embedder that keeps its own JVM running does not need it: {@code
 * Orchestrator.start} returns a handle at once.
 */
public final class Background {
  private Background() {}

  /** A started background process and where its output goes. */
  public record Started(Process process, Path log) {}

  /**
   * Starts {@code command} in {@code repo}, detached from this process's terminal.
   *
   * @param repo the repository's main worktree (the process's working directory; its log goes
   *     under {@code .agent-status/logs/} there)
   * @param command the program and its arguments, e.g. {@code java -cp porch.jar ... launch --wait a-1}
   * @param label names the log, e.g. {@code launch} gives {@code porch-launch-<millis>.log}
   * @param clock stamps the log's name
   * @return the process and its log
   * @throws IOException if the log cannot be made (a link on the way) or the program cannot start
   * @throws IllegalArgumentException if the command is empty or the label is not a plain word
   */
  public static Started start(Path repo, List<String> command, String label, Clock clock) throws IOException {
    Objects.requireNonNull(repo, "repo");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("no command to start in the background");
    }
    if (!label.matches("[a-z][a-z0-9-]{0,31}")) {
      throw new IllegalArgumentException("a background label is a lower-case word, got '" + label + "'");
    }
    Path status = repo.resolve(".agent-status");
    Path log = dev.porch.agent.StateFiles.prepare(status,
        status.resolve("logs").resolve("porch-" + label + "-" + clock.millis() + ".log"));
    Process p = new ProcessBuilder(List.copyOf(command)).directory(repo.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File(nullDevice())))
        .start();
    return new Started(p, log);
  }

  /**
   * The command that runs this JVM's program again with other arguments: the same {@code java},
   * the same class path (absolute), then {@code mainClass} and {@code args}.
   *
   * @param classPath the class path, absolute
   * @param mainClass the class whose {@code main} runs
   * @param args its arguments
   */
  public static List<String> sameJava(String classPath, String mainClass, List<String> args) {
    List<String> cmd = new java.util.ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-cp", classPath, mainClass));
    cmd.addAll(args);
    return List.copyOf(cmd);
  }

  private static String nullDevice() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "NUL" : "/dev/null";
  }
}
