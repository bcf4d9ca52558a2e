package dev.porch.git.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.TaskName;
import dev.porch.core.error.WorkspaceException;
import dev.porch.git.TestRepo;
import dev.porch.git.internal.env.PortRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The all-or-nothing part of create, past its up-front checks. */
class CreatorTest {
  @TempDir Path tmp;

  @Test
  void make_thirdOfFiveFailsAndEverythingIsRolledBack() throws Exception {
    TestRepo r = TestRepo.withFiles(tmp.resolve("repo"), Map.of("a.txt", "a\n"));
    r.branch("feature/t-3"); // git refuses to make this one: the plan was not checked
    Path root = r.dir().toRealPath();
    Layout layout = new Layout(root);
    GitCli cli = new GitCli("git", Duration.ofMinutes(1));
    ExecutorService pool = Pools.fixed("test-git", 2);
    try (Repository repo = new FileRepositoryBuilder().setWorkTree(root.toFile()).build()) {
      Refs refs = new Refs(repo);
      Worktrees worktrees = new Worktrees(cli, layout);
      Creator creator = new Creator(layout, refs, worktrees, new PortRegistry(layout, 41000, 1000, 10), pool);
      List<Creator.Planned> plans = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        TaskName t = TaskName.of("t-" + i);
        plans.add(new Creator.Planned(t, layout.path(t), "feature/t-" + i, "main"));
      }

      assertThatThrownBy(() -> creator.make(plans))
          .isInstanceOf(WorkspaceException.class).hasMessageContaining("feature/t-3");

      assertThat(worktrees.list()).hasSize(1);
      assertThat(r.git("branch", "--list").lines().map(String::strip)).containsExactlyInAnyOrder("* main", "feature/t-3");
      for (int i = 1; i <= 5; i++) {
        assertThat(layout.path(TaskName.of("t-" + i))).doesNotExist();
      }
      assertThat(r.git("worktree", "list", "--porcelain")).doesNotContain(".worktrees/t-");
      Path ports = layout.dir().resolve(".porch-ports.json");
      assertThat(!Files.exists(ports) || !Files.readString(ports).contains("t-")).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }
}
