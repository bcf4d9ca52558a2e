package dev.porch.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.TaskName;
import dev.porch.core.port.TestCommand;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new worktree's environment: .worktreeinclude, Cursor's setup, the setup command, PORCH_PORT. */
class SetupTest {
  @TempDir Path tmp;
  private GitWorkspaces git;

  @AfterEach
  void close() {
    if (git != null) {
      git.close();
    }
  }

  private static TaskName t(String name) {
    return TaskName.of(name);
  }

  @Test
  void setUp_copiesIgnoredFilesListedInWorktreeinclude() throws Exception {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of(
        ".gitignore", ".env\nconfig/local.properties\nlink.env\n",
        ".worktreeinclude", "# secrets\n.env\nconfig/local.properties\ntracked.txt\nnotignored.txt\nlink.env\n",
        "tracked.txt", "from git\n"));
    r.write(".env", "SECRET=1\n").write("config/local.properties", "x=1\n").write("notignored.txt", "untracked\n");
    r.write("tracked.txt", "local edit\n");
    Path outside = Files.writeString(tmp.resolve("outside.env"), "NOT MINE\n");
    Files.createSymbolicLink(r.dir().resolve("link.env"), outside);
    git = GitWorkspaces.open(r.dir());
    git.init();
    Workspace w = git.create(List.of(WorkspaceSpec.of(t("inc")))).get(0);

    assertThat(git.setUp(w)).isEmpty();
    assertThat(w.path().resolve(".env")).hasContent("SECRET=1");
    assertThat(w.path().resolve("config/local.properties")).hasContent("x=1");
    assertThat(w.path().resolve("notignored.txt")).doesNotExist();
    assertThat(w.path().resolve("link.env")).doesNotExist();
    assertThat(w.path().resolve("tracked.txt")).hasContent("from git");
    assertThat(r.dir().resolve(".agent-status/logs/inc.setup.log")).content().contains(".env");
  }

  @Test
  void setUp_porchsSetupCommandComesFirst_withTheEnvironmentOfEveryFormat() throws Exception {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of(
        ".cursor/worktrees.json", "{\"setup-worktree\": [\"echo cursor > from-cursor.txt\"]}\n",
        ".gitignore", "*.txt\n"));
    git = GitWorkspaces.builder(r.dir()).trustStore(tmp.resolve("config/trusted.json"))
        .setupCommand(TestCommand.shellLine("echo \"$PORCH_TASK $PORCH_PORT $PORCH_WORKTREE $CONDUCTOR_PORT"
            + " $CONDUCTOR_ROOT_PATH $CONDUCTOR_WORKSPACE_PATH\" > env.txt")).build();
    git.init();
    git.trustSetupFiles(List.of(), true);
    Workspace w = git.create(List.of(WorkspaceSpec.of(t("env")))).get(0);

    assertThat(git.setUp(w)).isEmpty();
    assertThat(w.path().resolve("from-cursor.txt")).as("one set of commands runs: .porch.json's").doesNotExist();
    int port = w.port().getAsInt();
    assertThat(w.path().resolve("env.txt")).hasContent("env " + port + " " + w.path() + " " + port + " " + r.dir() + " " + w.path());
    assertThat(git.setupNotes(t("env"))).containsExactly("setup: .porch.json setup",
        "setup: not used .cursor/worktrees.json (.porch.json setup comes first)");
  }

  @Test
  void setUp_malformedCursorFile_isSkippedAsUntrusted_andTrustSaysWhereItIsBroken() throws Exception {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of(
        ".cursor/worktrees.json", "{\n  \"setup-worktree\": [\"echo hi\"\n}\n"));
    git = GitWorkspaces.builder(r.dir()).trustStore(tmp.resolve("config/trusted.json")).build();
    Workspace w = git.create(List.of(WorkspaceSpec.of(t("bad-json")))).get(0);

    assertThat(git.setUp(w)).as("a file porch was never allowed to run fails nothing").isEmpty();
    assertThat(git.setupNotes(t("bad-json"))).singleElement().asString().startsWith("setup: skipped .cursor/worktrees.json: not trusted");
    assertThatThrownBy(() -> git.trustSetupFiles(List.of(), true)).hasMessageContaining("worktrees.json is not valid JSON at line 3, column")
        .hasMessageContaining("fix the file");
    assertThat(git.find(t("bad-json"))).isPresent();
  }

  @Test
  void setUp_porchsOwnSetupRuns_thoughAnotherToolsFileIsBroken() {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of(
        ".cursor/worktrees.json", "{\"setup-worktree-unix\": \"missing.sh\"}\n",
        "conductor.json", "{\"scripts\": {\"setup\": \"echo hi\",}}\n",
        ".gitignore", "*.txt\n"));
    git = GitWorkspaces.builder(r.dir()).trustStore(tmp.resolve("config/trusted.json"))
        .setupCommand(TestCommand.of("git", "rev-parse", "--git-dir")).build();
    Workspace w = git.create(List.of(WorkspaceSpec.of(t("mine")))).get(0);

    assertThat(git.setUp(w)).as("only .porch.json's setup would run; it did").isEmpty();
    assertThat(git.setupNotes(t("mine"))).containsExactly("setup: .porch.json setup",
        "setup: not used .cursor/worktrees.json (.porch.json setup comes first)",
        "setup: not used conductor.json (.porch.json setup comes first)");
  }

  @Test
  void setUp_failureIsTheReasonAndTheWorktreeStays() throws Exception {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of("a.txt", "a\n"));
    git = GitWorkspaces.builder(r.dir()).setupCommand(TestCommand.of("git", "no-such-command")).build();
    git.init();
    Workspace w = git.create(List.of(WorkspaceSpec.of(t("fails")))).get(0);

    Optional<String> why = git.setUp(w);
    assertThat(why).hasValueSatisfying(s -> assertThat(s).contains("exited with 1", ".agent-status/logs/fails.setup.log"));
    assertThat(r.dir().resolve(".agent-status/logs/fails.setup.log")).content().contains("no-such-command");
    assertThat(git.find(t("fails"))).isPresent();
  }

  @Test
  void setUp_commandOverrunningItsTimeoutIsStopped() {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of("a.txt", "a\n"));
    List<String> hang = Hang.command();
    git = GitWorkspaces.builder(r.dir())
        .setupCommand(TestCommand.of(hang.get(0), hang.subList(1, hang.size()).toArray(String[]::new)))
        .setupTimeout(java.time.Duration.ofSeconds(2)).build();
    Workspace w = git.create(List.of(WorkspaceSpec.of(t("slow")))).get(0);
    assertThat(git.setUp(w)).hasValueSatisfying(s -> assertThat(s).contains("timed out after 2 s"));
    assertThat(git.find(t("slow"))).isPresent();
  }

  @Test
  void ports_blocksDistinctStableAndFreed() {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of("a.txt", "a\n"));
    git = GitWorkspaces.builder(r.dir()).portRange(42000, 30).build(); // 3 blocks of the default 10
    List<Workspace> ws = git.create(List.of(WorkspaceSpec.of(t("p-1")), WorkspaceSpec.of(t("p-2")), WorkspaceSpec.of(t("p-3"))));
    List<Integer> ports = ws.stream().map(w -> w.port().getAsInt()).toList();
    assertThat(ports).containsExactlyInAnyOrder(42000, 42010, 42020);
    assertThat(git.find(t("p-2")).orElseThrow().port()).isEqualTo(ws.get(1).port());

    Workspace extra = git.create(List.of(WorkspaceSpec.of(t("p-4")))).get(0);
    assertThat(extra.port()).as("range full").isEqualTo(OptionalInt.empty());

    git.remove(t("p-2"), false);
    git.remove(t("p-4"), false);
    Workspace again = git.create(List.of(WorkspaceSpec.of(t("p-5")))).get(0);
    assertThat(again.port()).isEqualTo(ws.get(1).port());
  }

  @Test
  void ports_perTaskBlocksAndRepairReconcilesAfterACrash() throws Exception {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of("a.txt", "a\n"));
    git = GitWorkspaces.builder(r.dir()).portRange(42000, 100).portsPerTask(25).build();
    List<Workspace> ws = git.create(List.of(WorkspaceSpec.of(t("q-1")), WorkspaceSpec.of(t("q-2"))));
    assertThat(ws).allSatisfy(w -> assertThat((w.port().getAsInt() - 42000) % 25).isZero());
    // a crash: q-2's folder removed by hand, and the registry lost q-1's entry
    TestRepo.run(r.dir(), "worktree", "remove", "--force", ws.get(1).path().toString());
    Path registry = r.dir().resolve(".worktrees/.porch-ports.json");
    Files.writeString(registry, "{\"q-2\": " + ws.get(1).port().getAsInt() + "}\n");

    dev.porch.core.RepairReport report = git.repair();

    assertThat(report.fixed()).anyMatch(f -> f.contains("freed ports") && f.contains("q-2"))
        .anyMatch(f -> f.contains("gave ports") && f.contains("q-1"));
    assertThat(Files.readString(registry)).contains("\"q-1\"").doesNotContain("q-2");
    assertThat(git.find(t("q-1")).orElseThrow().port()).isPresent();
  }

  @Test
  void ports_twoRepositoriesWithTheSameTaskNames_getDifferentBlocks_andCleanupFreesThem() {
    Path user = tmp.resolve("state/porch/ports.json");
    TestRepo a = TestRepo.withFiles(tmp.resolve("a"), Map.of("a.txt", "a\n"));
    TestRepo b = TestRepo.withFiles(tmp.resolve("b"), Map.of("b.txt", "b\n"));
    try (GitWorkspaces inA = GitWorkspaces.builder(a.dir()).portRange(42000, 20).userPorts(user).build();
        GitWorkspaces inB = GitWorkspaces.builder(b.dir()).portRange(42000, 30).userPorts(user).build()) {
      int portA = inA.create(List.of(WorkspaceSpec.of(t("web-1")))).get(0).port().getAsInt();
      int portB = inB.create(List.of(WorkspaceSpec.of(t("web-1")))).get(0).port().getAsInt();
      assertThat(portB).as("a dev server in each would clash").isNotEqualTo(portA);

      inA.remove(t("web-1"), false);
      inB.remove(t("web-1"), false);
      assertThat(inA.create(List.of(WorkspaceSpec.of(t("web-2")), WorkspaceSpec.of(t("api-2")))))
          .extracting(w -> w.port().getAsInt()).as("both of a's blocks are free again").containsExactlyInAnyOrder(42000, 42010);
    }
  }
}
