package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code porch demo} runs green: a winner is merged with --no-ff, losers stay on their branches. */
class DemoTest {
  @TempDir Path tmp;

  @Test
  void demo_mergesTheOnlyImplementationThatPassesTheTests() {
    Path repo = tmp.resolve("demo");
    Cli.Result r = Cli.run(tmp, "demo", "--dir", repo.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("slug-2 *").contains("pass 7/7").contains("fail 3/7").contains("Decision: MERGE");
    assertThat(r.err()).contains("the repository is " + repo);
    String log = GitRepo.gitIn(repo, "log", "--first-parent", "--format=%s%x09%P", "main");
    assertThat(log.lines().findFirst().orElseThrow()).startsWith("Merge slug-2:").matches(".*\\t\\S+ \\S+$");
    assertThat(GitRepo.gitIn(repo, "status", "--porcelain")).isBlank();
    assertThat(GitRepo.gitIn(repo, "branch", "--list")).contains("feature/slug-1").contains("feature/slug-3");
    Cli.Result status = Cli.run(repo, "status", "--json");
    assertThat(status.out()).contains("\"COMPLETE\" : 3");
  }
}
