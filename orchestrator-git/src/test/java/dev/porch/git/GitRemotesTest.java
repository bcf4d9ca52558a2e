package dev.porch.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.TaskName;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task's branch to a bare remote and back, as a remote agent's pod would push it, on real git. */
class GitRemotesTest {
  @TempDir Path tmp;
  TestRepo repo;
  Path remote;
  GitWorkspaces git;
  Workspace w;
  GitRemotes origin;

  @BeforeEach
  void setUp() {
    repo = TestRepo.withFiles(tmp.resolve("repo"), Map.of("a.txt", "a\n"));
    remote = tmp.resolve("remote.git");
    TestRepo.git(tmp, "init", "-q", "--bare", "-b", "main", remote.toString());
    repo.git("remote", "add", "origin", remote.toString());
    git = GitWorkspaces.open(repo.dir());
    w = git.create(List.of(WorkspaceSpec.of(TaskName.of("auth"), "main"))).get(0);
    origin = GitRemotes.open(repo.dir(), "origin", Duration.ofMinutes(1));
  }

  @AfterEach
  void close() {
    git.close();
  }

  /** What the pod does: clone the branch, commit, push on top. */
  private String podCommits(String file) {
    Path clone = tmp.resolve("pod-" + file);
    TestRepo.git(tmp, "clone", "-q", "-b", "feature/auth", remote.toString(), clone.toString());
    TestRepo.write(clone, file, "x\n");
    TestRepo.git(clone, "config", "user.name", "pod");
    TestRepo.git(clone, "config", "user.email", "pod@porch.dev");
    String sha = TestRepo.commitIn(clone, "pod work");
    TestRepo.git(clone, "push", "-q", "origin", "feature/auth");
    return sha;
  }

  @Test
  void url_ofANamedRemoteOrTheRemoteItself() {
    assertThat(origin.url()).isEqualTo(remote.toString());
    assertThat(GitRemotes.open(repo.dir(), "https://example.invalid/x.git", Duration.ofMinutes(1)).url())
        .isEqualTo("https://example.invalid/x.git");
    assertThatThrownBy(() -> GitRemotes.open(repo.dir(), "--upload-pack=evil", Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pushThenFetch_fastForwardsTheWorktreeToThePodsCommit() {
    String base = origin.push(w);
    assertThat(base).isEqualTo(repo.rev("feature/auth"));
    assertThat(TestRepo.git(remote, "rev-parse", "feature/auth").strip()).isEqualTo(base);
    String sha = podCommits("login.txt");
    origin.fetch(w, sha);
    assertThat(repo.rev("feature/auth")).isEqualTo(sha);
    assertThat(w.path().resolve("login.txt")).exists();
    assertThat(TestRepo.git(w.path(), "status", "--porcelain")).isEmpty();
  }

  @Test
  void push_neverForcesOverOtherWorkOnTheRemote() {
    origin.push(w);
    podCommits("theirs.txt");
    TestRepo.write(w.path(), "mine.txt", "m\n");
    TestRepo.commitIn(w.path(), "mine");
    assertThatThrownBy(() -> origin.push(w)).isInstanceOf(WorkspaceException.class)
        .hasMessageStartingWith("could not push feature/auth to origin: the remote's feature/auth holds commits porch did"
            + " not put there (git: ")
        .satisfies(e -> assertThat(((WorkspaceException) e).hints()).singleElement().asString()
            .endsWith("delete it: git push origin --delete feature/auth"));
    assertThat(TestRepo.git(remote, "log", "-1", "--format=%s", "feature/auth").strip()).isEqualTo("pod work");
  }

  @Test
  void push_replacesOnlyWhatPorchItselfLeftThere() {
    // A task whose pod's work porch fetched, then cleaned up and made again under the same name:
    // its branch starts again from the base, and the remote still holds porch's old copy.
    String base = origin.push(w);
    origin.fetch(w, podCommits("old.txt"));
    TestRepo.git(w.path(), "reset", "-q", "--hard", base);
    assertThat(origin.push(w)).isEqualTo(base);
    assertThat(TestRepo.git(remote, "rev-parse", "feature/auth").strip()).isEqualTo(base);
  }

  @Test
  void fetch_refusesACommitTheRemoteBranchIsNotAt() {
    origin.push(w);
    podCommits("login.txt");
    assertThatThrownBy(() -> origin.fetch(w, "0123456789abcdef0123456789abcdef01234567"))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("not at the commit");
    assertThatThrownBy(() -> origin.fetch(w, "HEAD; rm -rf /")).isInstanceOf(WorkspaceException.class)
        .hasMessageContaining("not a commit id");
  }
}
