package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.agent.testing.FakeAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code porch diff}, {@code compare} and {@code pick} on real repositories: a competitive run of
 * fake agents left for review, then looked at and picked through the CLI, checked with git.
 */
class ReviewCommandsTest {
  private final ObjectMapper json = new ObjectMapper();

  @TempDir Path tmp;
  GitRepo repo;

  @BeforeEach
  void setUp() throws Exception {
    repo = GitRepo.create(tmp.resolve("repo"));
    // every agent rewrites line 2 of src/app.txt its own way and adds a file of its own
    List<String> agent = FakeAgent.command("--write", "src/app.txt", "line 1\nline two by {task}\nline 3\nline 4\n",
        "--write", "{task}.txt", "mine\n", "--commit", "agent work");
    repo.write(".porch.json", json.writeValueAsString(Map.of("agents", Map.of("fake", Map.of("command", agent)), "agent", "fake")));
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "porch config");
    Cli.Result run = Cli.run(repo.dir, "compete", "auth", "--agents", "3", "--prompt", "do it", "--review", "--keep",
        "--json");
    assertThat(run.code()).as(run.toString()).isZero();
  }

  @Test
  void diff_isGitsPatchOfTheBranchAgainstItsBase() {
    Cli.Result r = Cli.run(repo.dir, "diff", "auth-2");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo(repo.git("diff", "main...feature/auth-2"));
    assertThat(r.out()).contains("+line two by auth-2").doesNotContain("\u001b[");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void diff_paths_statAndNameStatus() {
    Cli.Result only = Cli.run(repo.dir, "diff", "auth-2", "--", "auth-2.txt");
    assertThat(only.out()).contains("+mine").doesNotContain("src/app.txt");

    Cli.Result fromSub = Cli.run(repo.dir.resolve("src"), "diff", "auth-2", "--", "app.txt");
    assertThat(fromSub.out()).as("paths are relative to where porch runs").contains("src/app.txt").doesNotContain("auth-2.txt");

    Cli.Result stat = Cli.run(repo.dir, "diff", "auth-2", "--stat");
    assertThat(stat.code()).as(stat.toString()).isZero();
    assertThat(stat.out()).contains(" auth-2.txt  | 1 +", " src/app.txt | 3 ++-", " 2 files changed, 3 insertions(+), 1 deletion(-)");

    Cli.Result ns = Cli.run(repo.dir, "diff", "auth-2", "--name-status");
    assertThat(ns.out()).isEqualTo("A\tauth-2.txt\nM\tsrc/app.txt\n");
  }

  @Test
  void diff_colourOnlyWhenAsked() {
    Cli.Result r = Cli.run(repo.dir, "--color=always", "diff", "auth-1");
    assertThat(r.out()).contains("\u001b[32m+line two by auth-1\u001b[m", "\u001b[31m-line 2\u001b[m", "\u001b[36m@@");
  }

  @Test
  void diff_escapesControlCharactersAnAgentWrote() throws Exception {
    Path wt = repo.dir.resolve(".worktrees/auth-3");
    Files.writeString(wt.resolve("evil.txt"), "\u001b]0;owned\u0007\u001b[2J\n");
    GitRepo.commitIn(wt, "evil");

    Cli.Result r = Cli.run(repo.dir, "diff", "auth-3", "--", "evil.txt");

    assertThat(r.out()).contains("evil.txt").doesNotContain("\u001b").doesNotContain("\u0007").contains("\\u001b");
  }

  @Test
  void diff_hostileNamesAndPaths_areRefused() {
    for (String bad : List.of("../x", "a/../../b", "/etc/passwd", "-rf", "con")) {
      Cli.Result r = Cli.run(repo.dir, "diff", bad);
      assertThat(r.code()).as(bad + ": " + r).isEqualTo(2);
      assertThat(r.err()).startsWith("porch: error:");
    }
    for (String bad : List.of("../outside", "/etc/passwd", "a\u001b[31m")) {
      Cli.Result r = Cli.run(repo.dir, "diff", "auth-1", "--", bad);
      assertThat(r.code()).as(bad + ": " + r).isEqualTo(2);
      assertThat(r.err()).startsWith("porch: error: path").doesNotContain("\u001b");
    }
    Cli.Result unknown = Cli.run(repo.dir, "diff", "nope-1");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("no task nope-1").contains("hint: see the tasks with porch status");
  }

  @Test
  void diff_json() throws Exception {
    Cli.Result r = Cli.run(repo.dir, "diff", "auth-1", "--json", "--patch");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode doc = json.readTree(r.out());
    assertThat(doc.get("schema").asText()).isEqualTo("porch.diff/v1");
    assertThat(doc.get("files")).hasSize(2);
    assertThat(doc.get("files").get(1).get("path").asText()).isEqualTo("src/app.txt");
    assertThat(doc.get("files").get(1).get("additions").asInt()).isEqualTo(2);
    assertThat(doc.get("totals").get("deletions").asInt()).isEqualTo(1);
    assertThat(doc.get("patch").asText()).contains("+line two by auth-1");
    assertThat(Cli.run(repo.dir, "diff", "auth-1", "--stat", "--json").code()).isEqualTo(2);
  }

  @Test
  void compare_tableOfTheLastRun() {
    Cli.Result r = Cli.run(repo.dir, "compare");

    assertThat(r.code()).as(r.toString()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).contains("FILE", "auth-1", "auth-2", "auth-3");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("auth-1.txt").contains("A +1 -0"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("src/app.txt").containsPattern("\\+2 -1 +\\+2 -1 +\\+2 -1"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("TOTAL").contains("2 files +3 -1"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("STATE").contains("COMPLETE"));
    assertThat(r.out()).contains("auth-1: agent work");
    assertThat(Cli.run(repo.dir, "compare", "auth").out()).isEqualTo(r.out());
  }

  @Test
  void compare_blankWhereAnAttemptDidNotTouchTheFile() throws Exception {
    Cli.Result r = Cli.run(repo.dir, "compare", "auth-1", "auth-3", "--json");

    JsonNode doc = json.readTree(r.out());
    assertThat(doc.get("attempts")).extracting(a -> a.get("task").asText()).containsExactly("auth-1", "auth-3");
    JsonNode first = doc.get("files").get(0);
    assertThat(first.get("path").asText()).isEqualTo("auth-1.txt");
    assertThat(first.get("cells").get(0).get("change").asText()).isEqualTo("ADDED");
    assertThat(first.get("cells").get(1).isNull()).isTrue();
  }

  @Test
  void pick_mergesTheChosenAttempt_andRemovesTheOthers() throws Exception {
    Cli.Result dry = Cli.run(repo.dir, "pick", "auth-2", "--dry-run", "--cleanup", "remove_worktrees");
    assertThat(dry.code()).as(dry.toString()).isZero();
    assertThat(dry.out()).contains("would merge feature/auth-2 into main", "would remove the worktree of auth-1");
    assertThat(repo.git("log", "--format=%s", "main")).doesNotContain("Merge auth-2");

    Cli.Result pick = Cli.run(repo.dir, "pick", "auth-2", "--cleanup", "remove_worktrees");

    assertThat(pick.code()).as(pick.toString()).isZero();
    assertThat(pick.out()).isEmpty();
    assertThat(repo.git("log", "-1", "--format=%s%x09%P", "main")).startsWith("Merge auth-2: agent work\t")
        .satisfies(l -> assertThat(l.split("\t")[1].trim().split(" ")).as("--no-ff").hasSize(2));
    assertThat(Files.readString(repo.dir.resolve("src/app.txt"))).contains("line two by auth-2");
    assertThat(repo.dir.resolve(".worktrees/auth-1")).doesNotExist();
    assertThat(repo.dir.resolve(".agent-status/auth-3.json")).doesNotExist();
    assertThat(repo.dir.resolve(".worktrees/auth-2")).exists();
    assertThat(repo.git("branch", "--list")).as("branches stay").contains("feature/auth-1", "feature/auth-3");
    String events = Files.readString(repo.dir.resolve(".agent-status/events.ndjson"));
    assertThat(events.lines().filter(l -> l.contains("\"decided\"")).reduce((a, b) -> b).orElseThrow())
        .contains("auth-2").contains("not chosen");
  }

  @Test
  void pick_cleansUpAsTheRunWasStartedTo() throws Exception {
    Cli.Result kept = Cli.run(repo.dir, "pick", "auth-3");
    assertThat(kept.code()).as(kept.toString()).isZero();
    assertThat(repo.dir.resolve(".worktrees/auth-1")).as("the run was started with --keep").exists();

    repo.write("prompts/a.md", "approach a\n").write("prompts/b.md", "approach b\n");
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "prompts");
    Cli.Result explore = Cli.run(repo.dir, "explore", "tr", "--approach", "ws=prompts/a.md", "--approach", "sse=prompts/b.md",
        "--json");
    assertThat(explore.code()).as(explore.toString()).isZero();
    assertThat(repo.dir.resolve(".worktrees/tr-ws")).as("an exploration waits for a person").exists();

    assertThat(Cli.run(repo.dir, "pick", "tr-sse", "--keep", "--cleanup", "keep").code()).as("one or the other").isEqualTo(2);
    Cli.Result dry = Cli.run(repo.dir, "pick", "tr-sse", "--dry-run", "--json");
    assertThat(json.readTree(dry.out()).get("cleanup").get("policy").asText())
        .as("explore without --keep removes the clean worktrees of the others").isEqualTo("REMOVE_WORKTREES");

    Cli.Result pick = Cli.run(repo.dir, "--verbose", "pick", "tr-sse");

    assertThat(pick.code()).as(pick.toString()).isZero();
    assertThat(pick.err()).contains("porch: merged feature/tr-sse into main", "porch: removed the worktree of tr-ws");
    assertThat(repo.git("log", "-1", "--format=%s", "main")).startsWith("Merge tr-sse: ");
    assertThat(repo.dir.resolve(".worktrees/tr-ws")).doesNotExist();
    assertThat(repo.dir.resolve(".agent-status/tr-ws.json")).doesNotExist();
    assertThat(repo.git("branch", "--list", "feature/tr-ws")).as("its branch stays").contains("feature/tr-ws");
  }

  @Test
  void pick_predictedConflict_mergesNothingAndNamesTheFile() throws Exception {
    repo.write("src/app.txt", "line 1\nline 2 on main\nline 3\n");
    repo.git("commit", "-q", "-am", "main moves on");
    String before = repo.git("rev-parse", "main");

    Cli.Result r = Cli.run(repo.dir, "pick", "auth-1");

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("predicted to conflict").contains("src/app.txt");
    assertThat(repo.git("rev-parse", "main")).isEqualTo(before);
    assertThat(repo.git("status", "--porcelain")).isEmpty();
    assertThat(repo.dir.resolve(".worktrees/auth-2")).as("no cleanup").exists();

    Cli.Result forced = Cli.run(repo.dir, "pick", "auth-1", "--force", "--json");
    assertThat(forced.code()).isEqualTo(1);
    JsonNode doc = json.readTree(forced.out());
    assertThat(doc.get("merge").get("status").asText()).isEqualTo("CONFLICT");
    assertThat(doc.get("merge").get("conflicts").get(0).asText()).isEqualTo("src/app.txt");
    assertThat(repo.git("rev-parse", "main")).as("git aborted the real conflict").isEqualTo(before);
  }

  @Test
  void pick_refusesWhatIsNotCompleteOrBringsNothing() throws Exception {
    assertThat(Cli.run(repo.dir, "spawn", "empty", "--agents", "2").code()).isZero();
    Cli.Result done = Cli.run(repo.dir.resolve(".worktrees/empty-1"), "complete", "--summary", "nothing");
    assertThat(done.code()).as(done.toString()).isZero();

    Cli.Result none = Cli.run(repo.dir, "pick", "empty-1");
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err()).contains("no commits beyond its base");

    Cli.Result pending = Cli.run(repo.dir, "pick", "empty-2", "--json");
    assertThat(pending.code()).isEqualTo(1);
    assertThat(pending.out()).isEmpty();
    assertThat(pending.err()).contains("empty-2 is PENDING; only a COMPLETE task can be picked")
        .contains("hint: wait for it");
    assertThat(repo.git("log", "--format=%s", "main")).doesNotContain("Merge");
  }
}
