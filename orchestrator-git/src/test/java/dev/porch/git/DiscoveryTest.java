package dev.porch.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.TaskName;
import dev.porch.core.error.GitVersionException;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the repository, the task of a folder, init, the builder and the git version check. */
class DiscoveryTest {
  @TempDir Path tmp;

  @Test
  void findRoot_fromSubfolderAndFromInsideAWorktree() throws Exception {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of("src/a.txt", "a\n"));
    Path root = r.dir().toRealPath();
    assertThat(GitWorkspaces.findRoot(r.dir().resolve("src"))).isEqualTo(root);
    try (GitWorkspaces git = GitWorkspaces.open(r.dir().resolve("src"))) {
      assertThat(git.root()).isEqualTo(root);
      Workspace w = git.create(List.of(WorkspaceSpec.of(TaskName.of("auth-1")))).get(0);
      Path inside = w.path().resolve("src");
      assertThat(GitWorkspaces.findRoot(inside)).isEqualTo(root);
      assertThat(git.taskAt(inside)).contains(TaskName.of("auth-1"));
      assertThat(git.taskAt(w.path())).contains(TaskName.of("auth-1"));
      assertThat(git.taskAt(root)).isEmpty();
      assertThat(git.taskAt(root.resolve(".worktrees"))).isEmpty();
      try (GitWorkspaces fromWorktree = GitWorkspaces.open(inside)) {
        assertThat(fromWorktree.root()).isEqualTo(root);
        assertThat(fromWorktree.find(TaskName.of("auth-1"))).isPresent();
      }
    }
  }

  @Test
  void findRoot_notARepository() throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    assertThatThrownBy(() -> GitWorkspaces.findRoot(plain))
        .isInstanceOfSatisfying(WorkspaceException.class, e -> {
          assertThat(e).hasMessage("not a git repository (or any parent up to /): " + plain);
          // data and library words; the CLI adds its -C DIR (CliHints)
          assertThat(e).isInstanceOfSatisfying(dev.porch.core.error.WorkspaceStateException.class,
              s -> assertThat(s.kind()).isEqualTo(dev.porch.core.error.WorkspaceStateException.Kind.NOT_A_REPOSITORY));
          assertThat(e.hints()).containsExactly("give a folder inside a git repository");
        });
    assertThatThrownBy(() -> GitWorkspaces.findRoot(tmp.resolve("missing"))).isInstanceOf(WorkspaceException.class);
  }

  @Test
  void init_addsExcludesOnce() throws Exception {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of("a.txt", "a\n"));
    TestRepo.deleteTree(r.dir().resolve(".git/info"));
    try (GitWorkspaces git = GitWorkspaces.open(r.dir())) {
      git.init();
      git.init();
    }
    assertThat(Files.readAllLines(r.dir().resolve(".git/info/exclude"))).containsExactly(".worktrees/", ".agent-status/");
    Files.createDirectories(r.dir().resolve(".agent-status"));
    Files.writeString(r.dir().resolve(".agent-status/x.json"), "{}");
    assertThat(r.git("status", "--porcelain")).isEmpty();
  }

  @Test
  void gitVersion_checked() {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of("a.txt", "a\n"));
    try (GitWorkspaces git = GitWorkspaces.open(r.dir())) {
      assertThat(git.gitVersion()).matches("\\d+\\.\\d+(\\.\\d+)?");
    }
    assertThatThrownBy(() -> GitWorkspaces.builder(r.dir()).gitExecutable(tmp.resolve("no-git").toString()).build())
        .isInstanceOfSatisfying(GitVersionException.class, e -> {
          assertThat(e.found()).isNull();
          assertThat(e.required()).isEqualTo("2.38");
        });
  }

  @Test
  void builder_settersOnceAndValidated() {
    GitWorkspaces.Builder b = GitWorkspaces.builder(tmp);
    b.parallelism(2).branchPrefix("agent/").portRange(50000, 10).commandTimeout(Duration.ofSeconds(5))
        .gitExecutable("git").setupTimeout(Duration.ofSeconds(5));
    assertThatThrownBy(() -> b.parallelism(3)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.branchPrefix("x/")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.portRange(1, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.commandTimeout(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.gitExecutable("git")).isInstanceOf(IllegalStateException.class);
    GitWorkspaces.Builder c = GitWorkspaces.builder(tmp);
    assertThatThrownBy(() -> c.parallelism(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.branchPrefix("bad..")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.portRange(65535, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.commandTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.gitExecutable(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.setupCommand(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void branchPrefix_used() {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of("a.txt", "a\n"));
    try (GitWorkspaces git = GitWorkspaces.builder(r.dir()).branchPrefix("agent/").build()) {
      assertThat(git.defaultBranch(TaskName.of("x"))).isEqualTo("agent/x");
      assertThat(git.create(List.of(WorkspaceSpec.of(TaskName.of("x")))).get(0).branch()).isEqualTo("agent/x");
    }
  }

  @Test
  void close_stopsTheThreads() throws Exception {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of("a.txt", "a\n"));
    Set<Thread> before = Thread.getAllStackTraces().keySet(); // other tests' idle pools
    GitWorkspaces git = GitWorkspaces.open(r.dir());
    git.create(List.of(WorkspaceSpec.of(TaskName.of("t-1")), WorkspaceSpec.of(TaskName.of("t-2"))));
    List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("porch-git-") && t.isAlive() && !before.contains(t)).toList();
    assertThat(threads).isNotEmpty();
    git.close();
    for (Thread t : threads) {
      t.join(5000);
      assertThat(t.isAlive()).as(t.getName()).isFalse();
    }
  }
}
