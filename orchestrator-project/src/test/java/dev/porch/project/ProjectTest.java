package dev.porch.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.RunOptions;
import dev.porch.core.RunRequest;
import dev.porch.core.TaskName;
import dev.porch.core.port.TestCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an embedder gets from {@link Project}: the same defaults and wiring as the CLI. */
class ProjectTest {
  @TempDir Path tmp;

  private Path repo(String porchJson, String... config) throws Exception {
    Path dir = tmp.resolve("repo");
    Files.createDirectories(dir);
    git(dir, "init", "-q", "-b", "main");
    for (int i = 0; i < config.length; i += 2) {
      git(dir, "config", config[i], config[i + 1]);
    }
    if (porchJson != null) {
      Files.writeString(dir.resolve(PorchConfig.FILE), porchJson);
    }
    Files.writeString(dir.resolve("README.md"), "hello\n");
    git(dir, "add", "-A");
    git(dir, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "init");
    return dir;
  }

  private static void git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("git %s: %s", cmd, out).isZero();
  }

  @Test
  void request_withoutPorchJsonHasPorchsDefaults() throws Exception {
    try (Project p = Project.open(repo(null).resolve("."))) {
      RunRequest r = p.request(TaskName.of("auth"), "Add a login form");
      assertThat(r.feature()).isEqualTo(TaskName.of("auth"));
      assertThat(r.options().stagger()).isEqualTo(Project.STAGGER).isEqualTo(Duration.ofMillis(200));
      assertThat(r.options().progressInterval()).hasValue(Project.PROGRESS_INTERVAL);
      assertThat(r.options().commitLeftovers()).isTrue();
      assertThat(r.options().concurrency()).isEqualTo(RunOptions.defaults().concurrency());
      assertThat(r.options().taskTimeout()).isEmpty();
      assertThat(r.testCommand()).isEmpty();
      assertThat(r.baseBranch()).isEmpty();
      assertThat(r.environment()).as("no git identity configured").isEmpty();
    }
  }

  @Test
  void request_readsPorchJsonAndTheUsersGitIdentity() throws Exception {
    Path dir = repo("""
        {"agent": "codex", "base": "main", "test": "mvn -q test", "concurrency": 3, "timeout": "45m",
         "commit_leftovers": false}
        """, "user.name", "Ada", "user.email", "ada@example.invalid");
    Files.createDirectories(dir.resolve("sub/dir"));
    try (Project p = Project.open(dir.resolve("sub/dir"), Map.of())) {
      assertThat(p.root()).isEqualTo(dir.toRealPath());
      RunRequest r = p.request(TaskName.of("auth"), "Add a login form");
      assertThat(r.agent()).isEqualTo("codex");
      assertThat(r.baseBranch()).hasValue("main");
      assertThat(r.testCommand()).hasValue(TestCommand.shellLine("mvn -q test"));
      assertThat(r.options().concurrency()).isEqualTo(3);
      assertThat(r.options().taskTimeout()).hasValue(Duration.ofMinutes(45));
      assertThat(r.options().commitLeftovers()).isFalse();
      assertThat(r.environment()).containsEntry("GIT_AUTHOR_NAME", "Ada")
          .containsEntry("GIT_COMMITTER_EMAIL", "ada@example.invalid");
    }
  }

  @Test
  void runOptions_changeOneWithItsWithMethod() throws Exception {
    try (Project p = Project.open(repo("{\"concurrency\": 2}"))) {
      RunOptions o = p.runOptions().withConcurrency(5);
      assertThat(o.concurrency()).isEqualTo(5);
      assertThat(o.stagger()).isEqualTo(Project.STAGGER);
      assertThat(p.runOptions().concurrency()).as("the project's own are unchanged").isEqualTo(2);
    }
  }

  @Test
  void orchestrator_isBuiltOverTheRepositorysAdapters() throws Exception {
    Path dir = repo(null);
    try (Project p = Project.open(dir); var o = p.orchestrator(List.of())) {
      assertThat(o).isNotNull();
      assertThat(p.workspaces().root()).isEqualTo(dir.toRealPath());
      assertThat(p.statusStore().list().statuses()).isEmpty();
    }
  }

  @Test
  void workspaces_aShareFolderOutsideTheRepository_isAnErrorNamingPorchJson() throws Exception {
    try (Project p = Project.open(repo("{\"share\": [\"node_modules\", \"../elsewhere\"]}"))) {
      assertThatThrownBy(p::workspaces).isInstanceOfSatisfying(dev.porch.core.error.PorchException.class, e -> {
        assertThat(e).hasMessageContaining(".porch.json: share: '../elsewhere' is not a folder inside the repository");
        assertThat(e.hints()).singleElement().asString().contains("docs/config.md");
      });
    }
  }
}
