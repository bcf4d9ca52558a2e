package dev.porch.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A scripted stand-in for a coding agent, so the examples run offline. As an implementer (by
 * {@code PORCH_ROLE}), agent 1 writes a wrong answer, agents 2 and 3 the right one (3 with an extra
 * file); as a reviewer it names agent 3 in RESULTS.md; as a test writer it writes the expected
 * answer; as a named part or approach ({@code <feature>-<name>}) it writes {@code parts/<name>.txt}. It commits like a real agent and exits 0, and
 * porch marks it COMPLETE.
 */
public final class ExampleAgent {
  private ExampleAgent() {}

  public static void main(String[] args) throws Exception {
    String task = System.getenv().getOrDefault("PORCH_TASK", "answer-1");
    String role = System.getenv().getOrDefault("PORCH_ROLE", "implementer");
    Path here = Path.of(System.getenv().getOrDefault("PORCH_WORKTREE", ".")).toAbsolutePath();
    if (role.equals("reviewer")) {
      String feature = task.substring(0, task.lastIndexOf('-'));
      Files.writeString(here.resolve("RESULTS.md"), "# Review\n\nAll three read; 3 is the clearest.\n\nCHOICE: " + feature + "-3\n");
      System.out.println("reviewed");
      return;
    }
    String suffix = task.substring(task.lastIndexOf('-') + 1);
    if (role.equals("test-writer") || !suffix.matches("\\d+")) {
      // a test writer writes the expected answer; a part or an approach writes its own file
      Path file = role.equals("test-writer") ? here.resolve("tests/expected.txt") : here.resolve("parts/" + suffix + ".txt");
      Files.createDirectories(file.getParent());
      Files.writeString(file, role.equals("test-writer") ? "42\n" : "work of " + task + "\n");
      git(here, "add", "-A");
      git(here, "commit", "-q", "-m", "Work from " + task);
      System.out.println("done");
      return;
    }
    int n = Integer.parseInt(suffix);
    Files.writeString(here.resolve("answer.txt"), n == 1 ? "41\n" : "42\n");
    if (n == 3) {
      Files.writeString(here.resolve("NOTES.md"), "Derived from first principles.\nChecked twice.\n");
    }
    git(here, "add", "-A");
    git(here, "commit", "-q", "-m", "Answer from " + task);
    Files.writeString(here.resolve("RESULTS.md"), "# " + task + "\n\nWrote answer.txt.\n");
    System.out.println("answered");
  }

  private static void git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=example agent",
        "-c", "user.email=agent@example.invalid", "-c", "commit.gpgsign=false"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("git " + String.join(" ", args) + " failed");
    }
  }

  /** The test command of the examples: passes when answer.txt says 42. */
  public static final class Check {
    private Check() {}

    public static void main(String[] args) throws IOException {
      Path answer = Path.of("answer.txt");
      boolean ok = Files.exists(answer) && Files.readString(answer, StandardCharsets.UTF_8).strip().equals("42");
      System.out.println("1..1");
      System.out.println((ok ? "ok" : "not ok") + " 1 - answer.txt says 42");
      System.exit(ok ? 0 : 1);
    }
  }

  /** The command that runs {@code main} of {@code type} with this JVM and class path. */
  public static List<String> javaCommand(Class<?> type) {
    List<String> cp = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (!e.isEmpty()) {
        cp.add(Path.of(e).toAbsolutePath().normalize().toString()); // agents run in their worktrees
      }
    }
    return List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
        String.join(java.io.File.pathSeparator, cp), type.getName());
  }
}
