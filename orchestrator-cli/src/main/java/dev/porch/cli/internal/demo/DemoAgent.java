package dev.porch.cli.internal.demo;

import dev.porch.cli.Porch;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A scripted stand-in for a coding agent, shipped in porch.jar for {@code porch demo}: no network,
 * no API key. It behaves like a real agent run by porch: it reads {@code PORCH_TASK} and {@code
 * PORCH_WORKTREE}, prints what it is doing, writes an implementation, commits it, writes RESULTS.md
 * and marks itself done with {@code porch complete}. Which implementation it writes depends on the
 * task's number, so a demo round has a clear winner and some losers.
 */
public final class DemoAgent {
  /** The implementations, by agent number: 1 naive, 2 careful (passes), 3 ascii-only. */
  static final List<Variant> VARIANTS =
      List.of(
          new Variant("naive", "lower-cases and replaces spaces; quick but misses punctuation and accents",
              "Went for the simplest thing: trim, lower-case, spaces to dashes."),
          new Variant("careful", "NFD-normalises, strips accents, collapses every non-alphanumeric run",
              "Normalised with NFD and removed combining marks before collapsing separators."),
          new Variant("ascii", "keeps ASCII letters and digits, joins words with single dashes",
              "Walked the characters once; did not handle accents (é counts as a separator)."));

  record Variant(String name, String summary, String decision) {}

  private DemoAgent() {}

  /**
   * Runs the scripted agent in the current directory's worktree.
   *
   * @param args optional: the variant number (1-3) to use instead of the task's number
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    String task = env.getOrDefault("PORCH_TASK", "demo-1");
    Path worktree = Path.of(env.getOrDefault("PORCH_WORKTREE", ".")).toAbsolutePath();
    int number = args.length > 0 ? Integer.parseInt(args[0]) : numberOf(task);
    Variant v = VARIANTS.get((number - 1) % VARIANTS.size());
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);

    step(out, "reading README.md and src/Slug.java", 400);
    step(out, "planning: " + v.summary(), 500 + 250L * number);
    Files.writeString(worktree.resolve("src/Slug.java"), resource("variants/" + v.name() + ".java"));
    step(out, "wrote src/Slug.java (" + v.name() + " approach)", 400);
    git(worktree, "add", "src/Slug.java");
    git(worktree, "commit", "-q", "-m", "Implement slugify (" + v.name() + ")", "-m", v.summary());
    step(out, "committed", 200);
    Files.writeString(
        worktree.resolve("RESULTS.md"),
        "# " + task + "\n\n## What was implemented\n" + v.summary() + ".\n\n## Key decisions\n" + v.decision()
            + "\n\n## Issues encountered\nNone.\n\n## Testing notes\nRun `java tests/RunTests.java`.\n");
    int code = Porch.run(new String[] {"complete", "--summary", "slugify: " + v.summary()}, out,
        new PrintWriter(System.err, true, StandardCharsets.UTF_8), env, worktree);
    out.println(code == 0 ? "done" : "porch complete failed with exit code " + code);
    System.exit(code);
  }

  private static int numberOf(String task) {
    int dash = task.lastIndexOf('-');
    try {
      return Math.max(1, Integer.parseInt(task.substring(dash + 1)));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** Prints a progress line, then pretends to think for a moment (this is a simulated agent). */
  private static void step(PrintWriter out, String line, long millis) throws InterruptedException {
    out.println(line);
    TimeUnit.MILLISECONDS.sleep(millis);
  }

  static String resource(String name) throws IOException {
    try (InputStream in = DemoAgent.class.getResourceAsStream("/dev/porch/cli/demo/" + name)) {
      if (in == null) {
        throw new IOException("demo resource missing from porch.jar: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString(),
        "-c", "user.name=porch demo agent", "-c", "user.email=demo-agent@porch.invalid", "-c", "commit.gpgsign=false"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("git " + String.join(" ", args) + " failed: " + output.strip());
    }
  }
}
