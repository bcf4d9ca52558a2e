package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.porch.agent.testing.FakeAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code --json} shape of docs/cli-json.md, from real runs, compared with golden files (see
 * {@link Golden}).
 *
 * <p>The same runs are the end-to-end tests of divide, test-first and explore through the CLI.
 */
class JsonShapesTest {
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @TempDir Path tmp;
  GitRepo repo;

  @BeforeEach
  void setUp() throws Exception {
    repo = GitRepo.create(tmp.resolve("repo"));
    List<String> agent = FakeAgent.command("--write", "work.txt", "done\n", "--write", "{task}.txt", "mine\n",
        "--commit", "agent work");
    repo.write(".porch.json", json.writeValueAsString(Map.of("agents", Map.of("fake", Map.of("command", agent)), "agent", "fake")));
    repo.write("prompts/a.md", "part a\n").write("prompts/b.md", "part b\n");
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "porch config");
  }

  @Test
  void theManualWorkflowShapes() throws Exception {
    golden("spawn", ok("spawn", "auth", "--agents", "2", "--json"));
    completeAuthInTheSameFile(repo.dir);
    // what the engine writes while agents run: their session, use and current step
    dev.porch.core.port.StatusStore store = dev.porch.status.StatusFiles.open(repo.dir);
    store.update(dev.porch.core.TaskName.of("auth-1"), s -> s.withSession("session-1").withActivity("Bash: make test")
        .withUsage(new dev.porch.core.port.Usage(12_800, 1_500, 3, java.util.OptionalDouble.of(0.04))).withCommittedByPorch(true));
    store.update(dev.porch.core.TaskName.of("auth-2"),
        s -> s.withUsage(new dev.porch.core.port.Usage(900, 80, 1, java.util.OptionalDouble.empty())));
    golden("status", ok("status", "--json"));
    golden("conflicts", run(1, "conflicts", "--json")); // 1: conflicts were found
    golden("sync-dry-run", run(1, "sync", "--merge", "--dry-run", "--json")); // 1: auth-2 is skipped
    golden("sync", run(1, "sync", "--merge", "--json"));
    golden("cleanup", ok("cleanup", "auth", "--json"));
    golden("recover", ok("recover", "--json"));
  }

  /**
   * What the manual workflow's golden files were made from after {@code spawn auth --agents 2}: each
   * task commits its own text in {@code shared.txt} and says it is COMPLETE ("did 1", "did 2"), so
   * the two conflict. {@link McpServerTest} runs the same workflow through the MCP tools.
   */
  static void completeAuthInTheSameFile(Path repo) throws Exception {
    for (int i = 1; i <= 2; i++) {
      Path w = repo.resolve(".worktrees/auth-" + i);
      Files.writeString(w.resolve("shared.txt"), "from " + i + "\n");
      GitRepo.gitIn(w, "add", "-A");
      GitRepo.gitIn(w, "commit", "-q", "-m", "work " + i);
      assertThat(Cli.run(w, "complete", "--summary", "did " + i).code()).isZero();
    }
  }

  @Test
  void thePatternShapes_andTheirRunsEndToEnd() throws Exception {
    JsonNode divide = ok("divide", "shop", "--part", "a=prompts/a.md", "--part", "b=prompts/b.md", "--after", "b:a", "--json");
    golden("run-divide", divide);
    assertThat(divide.get("decision").get("verdict").asText()).isEqualTo("MERGE");
    assertThat(repo.git("log", "--merges", "--format=%s", "main")).contains("Merge shop-a").contains("Merge shop-b");

    JsonNode testFirst = ok("test-first", "parser", "--implementers", "1", "--prompt", "parse", "--test", "test -f work.txt", "--json");
    golden("run-test-first", testFirst);
    assertThat(testFirst.get("decision").get("verdict").asText()).isEqualTo("MERGE");

    // one at a time: equal attempts rank by completion, so ws (started first) must also end first
    JsonNode explore = ok("explore", "transport", "--approach", "ws=prompts/a.md", "--approach", "sse=prompts/b.md",
        "--concurrency", "1", "--json");
    golden("run-explore", explore);
    assertThat(explore.get("decision").get("verdict").asText()).isEqualTo("REVIEW");
    assertThat(repo.git("log", "--merges", "--format=%s", "main")).doesNotContain("transport");
  }

  @Test
  void theReviewShapes() throws Exception {
    ok("compete", "rev", "--agents", "2", "--prompt", "do it", "--review", "--keep", "--json");
    golden("diff", ok("diff", "rev-1", "--json", "--patch"));
    golden("compare", ok("compare", "--json"));
    golden("pick-dry-run", ok("pick", "rev-2", "--dry-run", "--cleanup", "remove_worktrees", "--json"));
    golden("pick", ok("pick", "rev-2", "--cleanup", "remove_worktrees", "--json"));
    assertThat(repo.git("log", "-1", "--format=%s", "main")).startsWith("Merge rev-2: ");
  }

  private JsonNode ok(String... args) throws Exception {
    return run(0, args);
  }

  private JsonNode run(int expected, String... args) throws Exception {
    Cli.Result r = Cli.run(repo.dir, args);
    assertThat(r.code()).as(r.toString()).isEqualTo(expected);
    return json.readTree(r.out());
  }

  private void golden(String name, JsonNode doc) throws Exception {
    new Golden(repo.dir, tmp).check(name, doc);
  }
}
