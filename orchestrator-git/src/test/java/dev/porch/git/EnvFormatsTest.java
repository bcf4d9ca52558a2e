package dev.porch.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.TaskName;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other tools' files, read from fixture repositories written as their documentation shows them
 * (src/test/resources/dev/porch/git/formats): Claude Code's .worktreeinclude, Cursor's
 * .cursor/worktrees.json (commands, and a script path relative to the JSON file), Conductor's
 * .conductor/settings.toml and legacy conductor.json; the trust step in front of every command; the
 * order of precedence. Real git, real processes (the fixtures' commands are POSIX shell, so the
 * running tests skip Windows).
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fixtures' setup commands are POSIX shell")
class EnvFormatsTest {
  @TempDir Path tmp;
  private GitWorkspaces git;

  @AfterEach
  void close() {
    if (git != null) {
      git.close();
    }
  }

  /** A repository holding the fixture's files, committed, plus an untracked, ignored .env. */
  private TestRepo fixture(String name, String gitignore) {
    TestRepo r = TestRepo.init(tmp.resolve("repo"));
    try {
      Path from = Path.of(EnvFormatsTest.class.getResource("/dev/porch/git/formats/" + name).toURI());
      try (Stream<Path> files = Files.walk(from)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          r.write(from.relativize(f).toString().replace('\\', '/'), Files.readString(f));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (!gitignore.isEmpty()) {
      r.write(".gitignore", gitignore);
    }
    // scripts a file names to be run directly are committed executable (Cursor's is run with sh)
    try (Stream<Path> files = Files.walk(r.dir().resolve("script"))) {
      files.filter(f -> f.toString().endsWith(".sh")).forEach(f -> f.toFile().setExecutable(true));
    } catch (java.nio.file.NoSuchFileException e) {
      // no scripts in this fixture
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    r.commit("fixture " + name);
    r.write(".env", "SECRET=from-main\n");
    return r;
  }

  private GitWorkspaces open(TestRepo r) {
    git = GitWorkspaces.builder(r.dir()).trustStore(tmp.resolve("config/porch/trusted.json")).build();
    git.init();
    return git;
  }

  private Workspace make(String task) {
    return git.create(List.of(WorkspaceSpec.of(TaskName.of(task)))).get(0);
  }

  @Test
  void worktreeinclude_copiesExactlyTheFilesThatMatchAndAreIgnored() throws Exception {
    TestRepo r = fixture("worktreeinclude", "");
    // tracked although .gitignore lists it (added before the rule, or with --force): never copied
    r.write("config/secrets.json", "{\"tracked\": true}\n");
    TestRepo.run(r.dir(), "add", "--force", "config/secrets.json");
    r.commit("a tracked file that matches both lists");
    r.write(".env.local", "LOCAL=1\n")                   // matches and ignored: copied
        .write("config/secrets.json", "{\"local\": 1}\n") // tracked: the checkout's content stays
        .write("build/out.bin", "x\n")                    // ignored, not listed: not copied
        .write("debug.log", "x\n")                        // ignored, not listed: not copied
        .write("notes.env.local", "x\n");                 // neither
    Files.writeString(r.dir().resolve(".worktreeinclude"), ".env\n.env.local\nconfig/secrets.json\nnotes.env.local\n!.env.local\n.env.local\n");
    open(r);
    Workspace w = make("inc");

    assertThat(git.setUp(w)).isEmpty();

    assertThat(w.path().resolve(".env")).hasContent("SECRET=from-main");
    assertThat(w.path().resolve(".env.local")).as("re-included after a '!' line, as gitignore reads it").hasContent("LOCAL=1");
    assertThat(w.path().resolve("config/secrets.json")).hasContent("{\"tracked\": true}");
    assertThat(w.path().resolve("build")).doesNotExist();
    assertThat(w.path().resolve("debug.log")).doesNotExist();
    assertThat(w.path().resolve("notes.env.local")).as("listed but not ignored by git").doesNotExist();
  }

  @Test
  void cursorCommands_runInTheWorktreeOnceTrusted() throws Exception {
    TestRepo r = fixture("cursor-commands", ".env\n*.txt\n");
    open(r);
    Workspace before = make("c-1");
    assertThat(git.setUp(before)).isEmpty();
    assertThat(before.path().resolve("installed.txt")).as("not trusted: never run").doesNotExist();
    assertThat(git.setupNotes(TaskName.of("c-1"))).singleElement().asString()
        .isEqualTo("setup: skipped .cursor/worktrees.json: not trusted; read it, then run 'porch trust' to let porch run it");
    assertThat(git.setupFiles()).singleElement().satisfies(f -> {
      assertThat(f.file()).isEqualTo(".cursor/worktrees.json");
      assertThat(f.state()).isEqualTo("untrusted");
      assertThat(f.commands()).containsExactly("sh -c cp $ROOT_WORKTREE_PATH/.env .env", "sh -c echo installed > installed.txt");
    });

    assertThat(git.trustSetupFiles(List.of(".cursor/worktrees.json"), true)).singleElement()
        .satisfies(f -> assertThat(f.state()).isEqualTo("trusted"));
    assertThat(tmp.resolve("config/porch/trusted.json")).as("remembered outside the repository").exists();
    Workspace after = make("c-2");
    assertThat(git.setUp(after)).isEmpty();

    assertThat(after.path().resolve("installed.txt")).hasContent("installed");
    assertThat(after.path().resolve(".env")).hasContent("SECRET=from-main");
    assertThat(git.setupNotes(TaskName.of("c-2"))).containsExactly("setup: .cursor/worktrees.json (Cursor, setup-worktree, 2 commands)");
  }

  @Test
  void cursorScriptPath_isRelativeToTheJsonFile_andTheUnixKeyWins() throws Exception {
    TestRepo r = fixture("cursor-script", ".env\n*.txt\n");
    open(r);
    git.trustSetupFiles(List.of(), true);
    Workspace w = make("s-1");

    assertThat(git.setUp(w)).isEmpty();

    assertThat(w.path().resolve("script.txt")).hasContent("unix script ran in s-1");
    assertThat(w.path().resolve(".env")).hasContent("SECRET=from-main");
    assertThat(git.setupNotes(TaskName.of("s-1"))).containsExactly("setup: .cursor/worktrees.json (Cursor, setup-worktree-unix, 1 command)");
  }

  @Test
  void aChangedFileIsSkippedUntilTrustedAgain_evenWhenOnlyItsScriptChanged() throws Exception {
    TestRepo r = fixture("cursor-script", ".env\n*.txt\n");
    open(r);
    git.trustSetupFiles(List.of(), true);
    r.write(".cursor/setup-worktree-unix.sh", "#!/bin/sh\necho changed > script.txt\n").commit("change the script");
    Workspace w = make("s-2");

    assertThat(git.setUp(w)).isEmpty();

    assertThat(w.path().resolve("script.txt")).doesNotExist();
    assertThat(git.setupNotes(TaskName.of("s-2"))).singleElement().asString()
        .contains("skipped .cursor/worktrees.json: changed since you trusted it", "porch trust");
    assertThat(git.setupFiles()).singleElement().satisfies(f -> assertThat(f.state()).isEqualTo("changed"));
  }

  @Test
  void conductorSettingsToml_setupRunsWithConductorsVariables_andConductorJsonIsIgnored() throws Exception {
    TestRepo r = fixture("conductor-toml", ".env\n*.txt\n");
    open(r);
    assertThat(git.setupFiles()).singleElement().satisfies(f -> {
      assertThat(f.file()).isEqualTo(".conductor/settings.toml");
      assertThat(f.commands()).singleElement().asString().startsWith("sh -c cp \"$CONDUCTOR_ROOT_PATH/.env\" .env\n");
    });
    git.trustSetupFiles(List.of(".conductor/settings.toml"), true);
    Workspace w = make("t-1");

    assertThat(git.setUp(w)).isEmpty();

    assertThat(w.path().resolve(".env")).hasContent("SECRET=from-main");
    assertThat(w.path().resolve("port.txt")).hasContent(Integer.toString(w.port().getAsInt()));
    assertThat(w.path().resolve("legacy.txt")).as("settings.toml present: conductor.json is not read").doesNotExist();
    assertThat(git.setupNotes(TaskName.of("t-1"))).containsExactly("setup: .conductor/settings.toml (Conductor, [scripts] setup, 1 command)");

    git.remove(TaskName.of("t-1"), true); // Conductor's archive script runs first, in the worktree

    assertThat(r.dir().resolve("archived.txt")).hasContent("archived t-1");
    assertThat(w.path()).doesNotExist();
  }

  @Test
  void conductorSettingsLocalToml_overridesTheSharedScript() throws Exception {
    TestRepo r = fixture("conductor-toml", ".env\n*.txt\n.conductor/settings.local.toml\n");
    r.write(".conductor/settings.local.toml", "[scripts]\nsetup = \"echo mine > mine.txt\"\n");
    open(r);
    git.trustSetupFiles(List.of(), true);
    Workspace w = make("t-2");

    assertThat(git.setUp(w)).isEmpty();

    assertThat(w.path().resolve("mine.txt")).hasContent("mine");
    assertThat(w.path().resolve("port.txt")).doesNotExist();
  }

  @Test
  void legacyConductorJson_setupRuns() throws Exception {
    TestRepo r = fixture("conductor-json", ".env\n*.txt\n");
    open(r);
    git.trustSetupFiles(List.of("conductor.json"), true);
    Workspace w = make("j-1");

    assertThat(git.setUp(w)).isEmpty();

    assertThat(w.path().resolve(".env")).hasContent("SECRET=from-main");
    assertThat(w.path().resolve("port.txt")).hasContent(Integer.toString(w.port().getAsInt()));
  }

  @Test
  void precedence_cursorBeforeConductor_andOnlyOneRuns() throws Exception {
    TestRepo r = fixture("conductor-json", ".env\n*.txt\n");
    r.write(".cursor/worktrees.json", "{\"setup-worktree\": [\"echo cursor > cursor.txt\"]}\n").commit("cursor too");
    open(r);
    git.trustSetupFiles(List.of(), true);
    assertThat(git.setupFiles()).extracting(GitWorkspaces.SetupFile::file).containsExactly(".cursor/worktrees.json", "conductor.json");
    Workspace w = make("p-1");

    assertThat(git.setUp(w)).isEmpty();

    assertThat(w.path().resolve("cursor.txt")).hasContent("cursor");
    assertThat(w.path().resolve("port.txt")).doesNotExist();
    assertThat(git.setupNotes(TaskName.of("p-1"))).containsExactly(
        "setup: .cursor/worktrees.json (Cursor, setup-worktree, 1 command)",
        "setup: not used conductor.json (.cursor/worktrees.json comes first)");
  }

  @Test
  void revokedTrust_isNotRunAgain() throws Exception {
    TestRepo r = fixture("cursor-commands", ".env\n*.txt\n");
    open(r);
    git.trustSetupFiles(List.of(), true);
    assertThat(git.trustSetupFiles(List.of(), false)).singleElement().satisfies(f -> assertThat(f.state()).isEqualTo("untrusted"));
    Workspace w = make("r-1");
    assertThat(git.setUp(w)).isEmpty();
    assertThat(w.path().resolve("installed.txt")).doesNotExist();
    assertThat(Map.of("notes", git.setupNotes(TaskName.of("r-1")))).extractingByKey("notes").asList().hasSize(1);
  }
}
