package dev.porch.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.TaskName;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.LeftoverCommit;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** porch commits what an agent left uncommitted, so that what is judged is what is merged. */
class LeftoversTest {
  @TempDir Path tmp;
  TestRepo repo;
  GitWorkspaces git;
  Workspace w;

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepo.withFiles(tmp.resolve("repo"), Map.of("README.md", "# test\n", "src/app.txt", "one\n",
        ".gitignore", "*.log\n.env\n", ".worktreeinclude", ".env\nsecrets/\n"));
    Files.writeString(repo.dir().resolve(".env"), "TOKEN=main\n");
    git = GitWorkspaces.open(repo.dir());
    w = git.create(List.of(WorkspaceSpec.of(TaskName.of("calc-1"), "main"))).get(0);
    assertThat(git.setUp(w)).isEmpty(); // copies .env, as .worktreeinclude says
  }

  @AfterEach
  void tearDown() {
    git.close();
  }

  @Test
  void commitLeftovers_commitsChangesAndNewFilesAsTheAgent_honouringGitignore() throws Exception {
    Files.writeString(w.path().resolve("src/app.txt"), "one\ntwo\n");
    Files.createDirectories(w.path().resolve("src/new"));
    Files.writeString(w.path().resolve("src/new/feature.txt"), "new\n");
    Files.writeString(w.path().resolve("build.log"), "noise\n");
    Files.delete(w.path().resolve("README.md"));

    Optional<LeftoverCommit> c = git.commitLeftovers(w, "claude", "Fix add\n\nbody\n");

    assertThat(c).hasValueSatisfying(x -> assertThat(x.files())
        .containsExactlyInAnyOrder("src/app.txt", "src/new/feature.txt", "README.md"));
    assertThat(git.uncommitted(w.task())).isEmpty();
    assertThat(repo.git("log", "-1", "--format=%an <%ae>|%s", "feature/calc-1").strip())
        .isEqualTo("claude (via porch) <claude@porch.invalid>|Fix add");
    assertThat(repo.git("rev-parse", "feature/calc-1").strip()).isEqualTo(c.get().commit());
    assertThat(git.commitsAhead("feature/calc-1", "main")).isEqualTo(1);
    assertThat(Files.readString(w.path().resolve("build.log"))).isEqualTo("noise\n");
  }

  @Test
  void commitLeftovers_nothingLeft_makesNoCommit() {
    String before = repo.git("rev-parse", "feature/calc-1");
    assertThat(git.commitLeftovers(w, "codex", "nothing")).isEmpty();
    assertThat(repo.git("rev-parse", "feature/calc-1")).isEqualTo(before);
    assertThat(git.commitsAhead("feature/calc-1", "main")).isZero();
  }

  @Test
  void commitLeftovers_neverCommitsWhatWorktreeincludeCopies_evenWhenTheAgentUnignoredIt() throws Exception {
    assertThat(w.path().resolve(".env")).hasContent("TOKEN=main");
    Files.writeString(w.path().resolve(".gitignore"), "*.log\n"); // the agent un-ignores .env
    Files.createDirectories(w.path().resolve("secrets"));
    Files.writeString(w.path().resolve("secrets/key.txt"), "k\n");
    Files.writeString(w.path().resolve("work.txt"), "w\n");

    LeftoverCommit c = git.commitLeftovers(w, "gemini", "work").orElseThrow();

    assertThat(c.files()).containsExactlyInAnyOrder(".gitignore", "work.txt");
    assertThat(repo.git("ls-tree", "-r", "--name-only", "feature/calc-1")).doesNotContain(".env")
        .doesNotContain("secrets/key.txt");
  }

  @Test
  void commitLeftovers_refusedByAHook_leavesTheFilesUnstagedAndSaysWhy() throws Exception {
    Path hook = repo.dir().resolve(".git/hooks/pre-commit");
    Files.writeString(hook, "#!/bin/sh\necho 'lint failed: trailing space' >&2\nexit 1\n");
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(w.path().resolve("work.txt"), "w \n");

    assertThatThrownBy(() -> git.commitLeftovers(w, "claude", "work"))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("lint failed");
    assertThat(git.uncommitted(w.task())).containsExactly("work.txt");
    assertThat(TestRepo.git(w.path(), "diff", "--cached", "--name-only")).isBlank();
  }
}
