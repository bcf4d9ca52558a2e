package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.porch.agent.testing.FakeAgent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code --json} shape of docs/cli-json.md, from real runs, compared with golden files in
 * src/test/resources/golden after the values that change from run to run (times, ids, paths,
 * commits, pids, durations) are replaced by placeholders. A changed shape fails here; when the
 * change is meant, rerun with {@code -Dporch.golden.update=true} and update docs/cli-json.md.
 *
 * <p>The same runs are the end-to-end tests of divide, test-first and explore through the CLI.
 */
class JsonShapesTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("porch.golden.update");
  private static final Set<String> VOLATILE = Set.of("started", "completed", "updated", "pid", "pid_started", "port",
      "duration_ms", "elapsed_ms", "run", "run_id", "commit", "base_commit", "age", "age_seconds", "took_ms", "at",
      "generated");
  private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");
  private static final Pattern SHA = Pattern.compile("\\b[0-9a-f]{40}\\b");
  private static final Pattern RUN = Pattern.compile("\\b([a-z0-9-]+)-\\d{8}-\\d{6}-\\d+\\b");
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
    for (int i = 1; i <= 2; i++) {
      Path w = repo.dir.resolve(".worktrees/auth-" + i);
      Files.writeString(w.resolve("shared.txt"), "from " + i + "\n");
      GitRepo.gitIn(w, "add", "-A");
      GitRepo.gitIn(w, "commit", "-q", "-m", "work " + i);
      assertThat(Cli.run(w, "complete", "--summary", "did " + i).code()).isZero();
    }
    golden("status", ok("status", "--json"));
    golden("conflicts", run(1, "conflicts", "--json")); // 1: conflicts were found
    golden("sync-dry-run", run(1, "sync", "--merge", "--dry-run", "--json")); // 1: auth-2 is skipped
    golden("sync", run(1, "sync", "--merge", "--json"));
    golden("cleanup", ok("cleanup", "auth", "--json"));
    golden("recover", ok("recover", "--json"));
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

    JsonNode explore = ok("explore", "transport", "--approach", "ws=prompts/a.md", "--approach", "sse=prompts/b.md", "--json");
    golden("run-explore", explore);
    assertThat(explore.get("decision").get("verdict").asText()).isEqualTo("REVIEW");
    assertThat(repo.git("log", "--merges", "--format=%s", "main")).doesNotContain("transport");
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
    String actual = json.writeValueAsString(normalise(doc)) + "\n";
    Path file = GOLDEN.resolve(name + ".json");
    if (UPDATE || !Files.exists(file)) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      assertThat(UPDATE).as("golden file %s was missing; written now: look at it and commit it", file).isTrue();
    }
    assertThat(actual).as("shape of %s (update: -Dporch.golden.update=true)", name)
        .isEqualTo(Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n"));
  }

  private JsonNode normalise(JsonNode n) {
    if (n.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        out.set(e.getKey(), VOLATILE.contains(e.getKey()) && !v.isNull() && !v.isContainerNode()
            ? JsonNodeFactory.instance.textNode("<" + (v.isNumber() ? "number" : "text") + ">") : normalise(v));
      }
      return out;
    }
    if (n.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      n.forEach(x -> out.add(normalise(x)));
      return out;
    }
    if (n.isTextual()) {
      String s = n.asText().replace(repo.dir.toString(), "<repo>").replace(tmp.toString(), "<tmp>");
      s = TIME.matcher(s).replaceAll("<time>");
      s = SHA.matcher(s).replaceAll("<sha>");
      s = RUN.matcher(s).replaceAll("$1-<run>");
      return JsonNodeFactory.instance.textNode(s);
    }
    if (n.isNumber() && n.isFloatingPointNumber()) {
      return JsonNodeFactory.instance.textNode("<float>");
    }
    return n;
  }
}
