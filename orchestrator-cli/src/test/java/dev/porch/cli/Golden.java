package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compares {@code --json} documents with golden files in src/test/resources/golden after the values
 * that change from run to run (times, ids, paths, commits, pids, durations) are replaced by
 * placeholders. A changed shape fails; when the change is meant, rerun with {@code
 * -Dporch.golden.update=true} and update docs/cli-json.md.
 */
final class Golden {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("porch.golden.update");
  private static final Set<String> VOLATILE = Set.of("started", "completed", "updated", "pid", "pid_started", "port",
      "duration_ms", "elapsed_ms", "run", "run_id", "commit", "base_commit", "age", "age_seconds", "took_ms", "at",
      "generated");
  private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");
  private static final Pattern SHA = Pattern.compile("\\b[0-9a-f]{40}\\b");
  private static final Pattern RUN = Pattern.compile("\\b([a-z0-9-]+)-\\d{8}-\\d{6}-\\d+\\b");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path repo;
  private final Path tmp;

  /**
   * @param repo shown as {@code <repo>}
   * @param tmp shown as {@code <tmp>}
   */
  Golden(Path repo, Path tmp) {
    this.repo = repo;
    this.tmp = tmp;
  }

  void check(String name, JsonNode doc) throws Exception {
    String actual = JSON.writeValueAsString(normalise(doc)) + "\n";
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
      String s = n.asText().replace(repo.toString(), "<repo>").replace(tmp.toString(), "<tmp>");
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
