package dev.porch.agent.internal;

import dev.porch.core.UntrustedText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs a CLI's version command with a short timeout and keeps the first line it prints, without
 * terminal escapes. Output goes to a temporary file, so no thread is needed to drain a pipe.
 */
public final class VersionProbe {
  /** CSI and OSC sequences, which CLIs use for colour and titles. */
  private static final Pattern ESCAPES =
      Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)|\u001B[@-_]");

  /**
   * What the command answered.
   *
   * @param ok whether it exited 0 in time with a line to show
   * @param line its first non-blank line, or what went wrong
   */
  public record Answer(boolean ok, String line) {}

  private static final Pattern VERSION = Pattern.compile("\\b\\d+\\.\\d+");

  private VersionProbe() {}

  /**
   * Runs {@code command} in {@code dir} with {@code env} plus {@code extra}.
   *
   * @param command the program and its arguments
   * @param env the environment the agent would inherit
   * @param extra the profile's own variables
   * @param dir the working folder
   * @param timeout how long it may run; it and its children are killed after
   * @return the answer; never throws for a program that fails
   */
  public static Answer run(List<String> command, Map<String, String> env, Map<String, String> extra, Path dir,
      Duration timeout) {
    Path out = null;
    try {
      out = Files.createTempFile("porch-version", ".out");
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(out.toFile());
      pb.environment().clear();
      pb.environment().putAll(env);
      pb.environment().putAll(extra);
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        ProcessTree.kill(p.toHandle(), ProcessTree.capture(p.toHandle()));
        return new Answer(false, "gave no answer within " + timeout.toSeconds() + " s");
      }
      String line = firstLine(Files.readString(out, StandardCharsets.UTF_8));
      if (p.exitValue() != 0) {
        return new Answer(false, "exit " + p.exitValue() + (line.isEmpty() ? "" : ": " + line));
      }
      return line.isEmpty() ? new Answer(false, "printed nothing") : new Answer(true, line);
    } catch (IOException e) {
      return new Answer(false, "could not run: " + UntrustedText.visible(e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(false, "interrupted");
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException e) {
          // a temp file left behind is harmless
        }
      }
    }
  }

  /**
   * The first line that holds a version number ({@code 1.2}), else the first non-blank line, without
   * escapes, made safe to print, at most 100 characters: a CLI may print a warning before its version
   * (codex does when its home is under /tmp).
   */
  static String firstLine(String text) {
    String first = "";
    for (String line : ESCAPES.matcher(text).replaceAll("").split("\\R")) {
      String safe = UntrustedText.visible(line.strip());
      if (safe.isEmpty()) {
        continue;
      }
      if (VERSION.matcher(safe).find()) {
        return cut(safe);
      }
      if (first.isEmpty()) {
        first = safe;
      }
    }
    return cut(first);
  }

  private static String cut(String s) {
    return s.length() <= 100 ? s : s.substring(0, 99) + "…";
  }
}
