package dev.porch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task and feature names that are paths, device names, options, or refs git refuses, given to every
 * command that takes one: each is refused with exit 2 and a one-line message, and nothing is made
 * (no branch, no folder, no status file).
 */
class HostileNamesTest {
  /** Names that must be refused, with why each is hostile. */
  static final List<String> NAMES = List.of(
      "a/b", "a\\b", "..", "../x", "../../x", ".", "/etc", "C:\\Windows", "C:x", "\\\\server\\share",
      "CON", "con", "nul", "Nul.txt", "com1", "LPT9.txt", "lpt9.txt", "aux.tar.gz",
      "--force", "-rf", "-", "--", "-C/tmp",
      "a..b", "a.lock", "@{x}", "a@{1}", "trailing.", "with space", " lead", "tab\tx", "nl\nx", "cr\rx",
      "ctl\u0001x", "esc\u001b[31mx", "osc\u001b]0;t\u0007", "c1\u009bx", "del\u007fx", "nul\0x",
      "a".repeat(65), "a".repeat(300), "x".repeat(10_000), "", " ", "a:b", "a*b", "a?b", "a[b", "a~b", "a^b",
      "Feat", "caf\u00e9", "\u0430pple", "a\u200bb", "a\u2028b", ".hidden", "_x", "a/../b", "feat/", "HEAD");

  @TempDir Path tmp;

  /**
   * Every command that takes a name, plain; and, for the two commands that make and remove things,
   * after "--" too (where picocli no longer treats "--force" or "-rf" as options).
   */
  static List<String[]> invocations(String name) {
    List<String[]> c = new ArrayList<>();
    c.add(new String[] {"spawn", name, "--agents", "2"});
    c.add(new String[] {"spawn", "--agents", "2", "--", name});
    c.add(new String[] {"launch", name, "--prompt", "x", "--wait"});
    c.add(new String[] {"cleanup", name, "--delete-branches", "--force"});
    c.add(new String[] {"cleanup", "--delete-branches", "--force", "--", name});
    c.add(new String[] {"complete", "--task=" + name, "--summary", "done"});
    c.add(new String[] {"prompt", name, "--prompt", "x"});
    c.add(new String[] {"compete", name, "--agents", "2", "--prompt", "x"});
    return c;
  }

  @Test
  void everyHostileName_isRefusedWithExit2AndNothingIsMade() {
    HostileRepo repo = HostileRepo.withWorktrees(tmp, 2); // real worktrees and status files that must survive
    HostileRepo.Guarded before = repo.guard();
    String refs = refsAndWorktrees(repo);
    String files = porchFiles(repo);
    int runs = 0;
    for (String name : NAMES) {
      for (String[] args : invocations(name)) {
        Cli.Result r = Cli.run(repo.root, args);
        Invariants.checkRun(r);
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).as(r.toString()).isEmpty();
        assertThat(r.err()).as(r.toString()).startsWith("porch: error: ");
        assertThat(r.err().lines().findFirst().orElseThrow().length()).as(r.toString()).isGreaterThan("porch: error: ".length() + 10);
        assertThat(r.err()).as("no raw control characters in the message\n%s", r).doesNotContainPattern("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]");
        assertThat(porchFiles(repo)).as(r.toString()).isEqualTo(files);
        runs++;
      }
    }
    assertThat(runs).isEqualTo(NAMES.size() * invocations("x").size());
    System.err.println("REPORT hostile names: " + NAMES.size() + " names x " + invocations("x").size() + " invocations = "
        + runs + " runs, all exit 2");
    assertThat(refsAndWorktrees(repo)).isEqualTo(refs);
    assertThat(before.changes()).isEmpty();
  }

  @Test
  void optionLikeNameAfterDoubleDash_saysWhy() {
    HostileRepo repo = HostileRepo.bare(tmp);
    Cli.Result r = Cli.run(repo.root, "cleanup", "--", "--force");
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).as(r.toString()).contains("--force").contains("option");
  }

  @Test
  void atFileName_isANameNotAnArgumentFile() throws IOException {
    // picocli expands @FILE into the file's words by default: a "name" would become options
    HostileRepo repo = HostileRepo.withWorktrees(tmp, 2);
    Path args = Files.writeString(Files.createDirectories(tmp.resolve(HostileRepo.SCRATCH)).resolve("args"), "feat --delete-branches --force\n");
    HostileRepo.Guarded before = repo.guard();
    String files = porchFiles(repo);
    String refs = refsAndWorktrees(repo);
    for (String[] cmd : List.of(new String[] {"cleanup", "@" + args}, new String[] {"status", "@" + args},
        new String[] {"prompt", "@/dev/zero"}, new String[] {"complete", "--task", "@/dev/stdin"})) {
      Cli.Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
          () -> Cli.run(repo.root, cmd));
      Invariants.check(r, before);
      assertThat(r.code()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).as(r.toString()).contains("@");
    }
    assertThat(porchFiles(repo)).isEqualTo(files);
    assertThat(refsAndWorktrees(repo)).isEqualTo(refs);
  }

  @Test
  void reservedNameInUpperCase_doesNotSuggestAnotherReservedName() {
    HostileRepo repo = HostileRepo.bare(tmp);
    for (String name : List.of("CON", "LPT9.txt", "Nul.txt")) {
      Cli.Result r = Cli.run(repo.root, "spawn", name);
      assertThat(r.code()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).as(r.toString()).doesNotContain("use '" + name.toLowerCase(java.util.Locale.ROOT) + "'")
          .contains("reserved");
    }
  }

  /** Every ref and every registered worktree (git processes: checked once, at the end). */
  private static String refsAndWorktrees(HostileRepo repo) {
    return repo.git.git("for-each-ref", "--format=%(refname) %(objectname)") + repo.git.git("worktree", "list", "--porcelain");
  }

  /** The worktree folders and status files, two levels deep: what a refused name must not add or take. */
  private static String porchFiles(HostileRepo repo) {
    StringBuilder b = new StringBuilder();
    for (String dir : List.of(".worktrees", ".agent-status")) {
      Path d = repo.root.resolve(dir);
      if (Files.exists(d)) {
        try (Stream<Path> files = Files.walk(d, 2)) {
          files.map(p -> repo.root.relativize(p).toString()).sorted().forEach(p -> b.append(p).append('\n'));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return b.toString();
  }
}
