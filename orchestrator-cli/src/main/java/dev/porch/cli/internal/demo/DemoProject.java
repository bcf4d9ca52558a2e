package dev.porch.cli.internal.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The throwaway repository {@code porch demo} works in: a tiny "slugs" library with a failing stub
 * and its tests, committed on {@code main}.
 */
public final class DemoProject {
  /** Files copied from the jar into the new repository. */
  static final List<String> FILES = List.of("README.md", "src/Slug.java", "tests/RunTests.java");

  private DemoProject() {}

  /**
   * Creates the repository in {@code dir} (which must be empty or absent).
   *
   * @param dir where to create it
   * @return {@code dir}
   * @throws IOException if it cannot be written or git fails
   */
  public static Path create(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    try (var entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        throw new IOException("demo folder " + dir + " is not empty; give an empty or new folder with --dir");
      }
    }
    for (String f : FILES) {
      Path target = dir.resolve(f);
      Files.createDirectories(target.getParent());
      Files.writeString(target, DemoAgent.resource("project/" + f), StandardCharsets.UTF_8);
    }
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "slugs: stub and tests");
    return dir;
  }

  static void git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString(),
        "-c", "user.name=porch demo", "-c", "user.email=demo@porch.invalid", "-c", "commit.gpgsign=false"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("git " + String.join(" ", args) + " failed in " + dir + ": " + out.strip());
    }
  }

  /** The command that runs the demo agent with this JVM and porch's own class path. */
  public static List<String> agentCommand() {
    return List.of(javaBinary(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
        absoluteClassPath(), DemoAgent.class.getName());
  }

  /**
   * This JVM's class path with every entry made absolute: agents run in their worktrees, where a
   * relative entry (as {@code java -jar orchestrator-cli/target/porch.jar} gives) would not resolve.
   */
  public static String absoluteClassPath() {
    List<String> entries = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (!e.isEmpty()) {
        entries.add(Path.of(e).toAbsolutePath().normalize().toString());
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  /** The java launcher of the running JVM. */
  public static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }
}
