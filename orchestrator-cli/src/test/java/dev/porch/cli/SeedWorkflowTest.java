package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed protocol's whole manual workflow through the CLI, checked with the git CLI. */
class SeedWorkflowTest {
  @TempDir Path tmp;

  @Test
  void spawnCompleteStatusSyncCleanup() throws Exception {
    GitRepo repo = GitRepo.create(tmp.resolve("my repo é"));
    Path root = repo.dir;

    Cli.Result init = Cli.run(root, "init");
    assertThat(init.code()).as(init.toString()).isZero();
    assertThat(Files.readString(root.resolve(".git/info/exclude"))).contains(".worktrees/").contains(".agent-status/");

    Cli.Result spawn = Cli.run(root, "spawn", "auth", "--agents", "3", "--base", "main");
    assertThat(spawn.code()).as(spawn.toString()).isZero();
    assertThat(spawn.out()).contains("auth-1").contains("feature/auth-3").contains("PENDING");
    for (int i = 1; i <= 3; i++) {
      assertThat(root.resolve(".worktrees/auth-" + i + "/README.md")).exists();
      JsonNode status = new ObjectMapper().readTree(root.resolve(".agent-status/auth-" + i + ".json").toFile());
      assertThat(status.get("status").asText()).isEqualTo("PENDING");
      assertThat(status.get("branch").asText()).isEqualTo("feature/auth-" + i);
      assertThat(status.get("worktree").asText()).isEqualTo(".worktrees/auth-" + i);
      assertThat(status.get("completed").isNull()).isTrue();
    }
    assertThat(repo.git("worktree", "list")).contains(".worktrees/auth-1").contains("[feature/auth-2]");

    // agents 1 and 2 do their work in separate files and report from inside their worktrees
    for (int i = 1; i <= 2; i++) {
      Path wt = root.resolve(".worktrees/auth-" + i);
      Files.writeString(wt.resolve("auth" + i + ".txt"), "work of agent " + i + "\n");
      GitRepo.commitIn(wt, "agent " + i + " work");
      Cli.Result done = Cli.run(wt.resolve("."), "complete", "--summary", "did part " + i);
      assertThat(done.code()).as(done.toString()).isZero();
    }
    // agent 3 commits half-done work, then fails
    Path wt3 = root.resolve(".worktrees/auth-3");
    Files.writeString(wt3.resolve("auth3.txt"), "half done\n");
    GitRepo.commitIn(wt3, "agent 3 attempt");
    Cli.Result fail = Cli.run(root.resolve(".worktrees/auth-3"), "fail", "--reason", "could not do it");
    assertThat(fail.code()).as(fail.toString()).isZero();

    Cli.Result status = Cli.run(root, "status", "--json");
    assertThat(status.code()).as(status.toString()).isZero();
    JsonNode doc = new ObjectMapper().readTree(status.out());
    assertThat(doc.get("schema").asText()).isEqualTo("porch.status/v1");
    assertThat(doc.get("counts").get("COMPLETE").asInt()).isEqualTo(2);
    assertThat(doc.get("counts").get("FAILED").asInt()).isEqualTo(1);
    assertThat(doc.get("tasks").get(0).get("files_changed").get(0).asText()).isEqualTo("auth1.txt");
    assertThat(doc.get("tasks").get(0).get("completed").isNull()).isFalse();

    Cli.Result sync = Cli.run(root, "sync", "--merge");
    assertThat(sync.code()).as(sync.toString()).isZero();
    String log = repo.git("log", "--first-parent", "--format=%s%x09%P", "main");
    assertThat(log).contains("Merge auth-1: did part 1").contains("Merge auth-2: did part 2");
    assertThat(log.lines().filter(l -> l.startsWith("Merge auth-")).allMatch(l -> l.split("\t")[1].split(" ").length == 2))
        .as("every merge is a real merge commit (--no-ff)").isTrue();
    assertThat(root.resolve("auth1.txt")).exists();
    assertThat(root.resolve("auth2.txt")).exists();

    // auth-3 is unmerged: its branch survives cleanup without --force
    Cli.Result cleanup = Cli.run(root, "cleanup", "auth", "--delete-branches");
    assertThat(cleanup.code()).as(cleanup.toString()).isEqualTo(1);
    assertThat(cleanup.err()).contains("feature/auth-3 is not merged");
    String branches = repo.git("branch", "--list");
    assertThat(branches).doesNotContain("feature/auth-1").doesNotContain("feature/auth-2").contains("feature/auth-3");
    assertThat(root.resolve(".worktrees/auth-1")).doesNotExist();
    assertThat(root.resolve(".agent-status/auth-1.json")).doesNotExist();
    assertThat(repo.git("worktree", "list").lines().count()).isEqualTo(1);
  }

  @Test
  void cleanup_skipsADirtyWorktree() throws Exception {
    GitRepo repo = GitRepo.create(tmp.resolve("repo"));
    assertThat(Cli.run(repo.dir, "spawn", "ui", "--agents", "1").code()).isZero();
    Files.writeString(repo.dir.resolve(".worktrees/ui-1/notes.txt"), "not committed\n");
    Cli.Result r = Cli.run(repo.dir, "cleanup", "ui", "--delete-branches");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("kept ui-1").contains("notes.txt");
    assertThat(repo.dir.resolve(".worktrees/ui-1/notes.txt")).exists();
    assertThat(repo.git("branch", "--list")).contains("feature/ui-1");
  }

  @Test
  void spawn_badFeatureNameIsAUsageError() throws Exception {
    GitRepo repo = GitRepo.create(tmp.resolve("repo"));
    Cli.Result r = Cli.run(repo.dir, "spawn", "../escape");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("porch: error: invalid task name '../escape'");
    assertThat(repo.dir.resolve(".worktrees")).doesNotExist();
  }

  @Test
  void spawn_outsideARepository() {
    Cli.Result r = Cli.run(tmp, "spawn", "auth");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("porch: error:").containsIgnoringCase("git");
  }

  @Test
  void sync_interactiveWithoutATerminalNeedsYes() throws Exception {
    GitRepo repo = GitRepo.create(tmp.resolve("repo"));
    Cli.Result r = Cli.run(repo.dir, "sync", "--interactive");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("add --yes");
  }

  @Test
  void syncIntoADirtyMainWorktree_isRefusedWithAHintThatFitsIt() throws Exception {
    GitRepo repo = GitRepo.create(tmp.resolve("repo"));
    assertThat(Cli.run(repo.dir, "spawn", "db", "--agents", "1").code()).isZero();
    Path wt = repo.dir.resolve(".worktrees/db-1");
    Files.writeString(wt.resolve("db.txt"), "work\n");
    GitRepo.commitIn(wt, "agent work");
    assertThat(Cli.run(wt, "complete", "--summary", "db done").code()).isZero();
    Files.writeString(repo.dir.resolve("README.md"), "edited by the user, not committed\n");
    Cli.Result r = Cli.run(repo.dir, "sync", "--merge");
    assertThat(r.code()).as(r.toString()).isNotZero();
    // sync has no --force: the main worktree a merge goes into is never discarded
    assertThat(r.err()).contains("README.md").contains("commit or stash them, then merge again").doesNotContain("--force");
    assertThat(repo.dir.resolve("README.md")).content().isEqualTo("edited by the user, not committed\n");
  }
}
