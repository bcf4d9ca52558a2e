package dev.porch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code .github/workflows/ci.yml} runs README.md's test command on three operating systems and two
 * Java versions. Nothing runs the workflow here (no GitHub), so this test parses it and holds it to
 * the README, so that the two cannot drift apart.
 */
class CiWorkflowTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  private static JsonNode workflow() throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve(".github/workflows/ci.yml").toFile());
  }

  /** The command in the fenced block under "Run all tests:" in README.md. */
  private static String readmeTestCommand() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("Run all tests:\\s*```\\s*\\n(.+?)\\n```", Pattern.DOTALL).matcher(readme);
    assertThat(m.find()).as("README.md has a fenced block after 'Run all tests:'").isTrue();
    return m.group(1).trim();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static JsonNode testJob() throws IOException {
    JsonNode job = workflow().path("jobs").path("test");
    assertThat(job.isObject()).as("ci.yml has a job named test").isTrue();
    return job;
  }

  @Test
  void matrix_threeOperatingSystemsAndJava17And21() throws IOException {
    JsonNode matrix = testJob().path("strategy").path("matrix");
    assertThat(texts(matrix.path("os"))).containsExactly("ubuntu-latest", "macos-latest", "windows-latest");
    assertThat(texts(matrix.path("java"))).containsExactly("17", "21");
    assertThat(testJob().path("runs-on").asText()).isEqualTo("${{ matrix.os }}");
    assertThat(testJob().path("strategy").path("fail-fast").asBoolean(true))
        .as("one OS failing must not hide the others' results").isFalse();
  }

  @Test
  void steps_setUpTheMatrixJavaWithAMavenCache() throws IOException {
    JsonNode setup = null;
    for (JsonNode step : testJob().path("steps")) {
      if (step.path("uses").asText().startsWith("actions/setup-java@")) {
        setup = step;
      }
    }
    assertThat(setup).as("a step uses actions/setup-java").isNotNull();
    assertThat(setup.path("with").path("java-version").asText()).isEqualTo("${{ matrix.java }}");
    assertThat(setup.path("with").path("cache").asText()).isEqualTo("maven");
    assertThat(setup.path("with").path("distribution").asText()).isNotBlank();
  }

  @Test
  void command_isTheReadmesTestCommand() throws IOException {
    String readme = readmeTestCommand();
    List<String> runs = new ArrayList<>();
    testJob().path("steps").forEach(s -> {
      if (s.has("run")) {
        runs.add(s.path("run").asText().trim());
      }
    });
    assertThat(readme).startsWith("mvn ");
    assertThat(runs).containsExactly(readme);
  }

  @Test
  void command_isTheFirstCommandOfTheLocalCiScript() throws IOException {
    List<String> mvn = Files.readAllLines(ROOT.resolve(".ci/run"), StandardCharsets.UTF_8).stream()
        .map(String::trim).filter(l -> l.startsWith("mvn ")).toList();
    assertThat(mvn).isNotEmpty();
    assertThat(mvn.get(0)).isEqualTo(readmeTestCommand());
  }

  /**
   * The issue behind the workflow asks that a test which cannot run on an OS skips with a stated
   * reason: every {@code @DisabledOnOs} and {@code @EnabledOnOs} in the repository's tests gives one.
   */
  @Test
  void osConditionsOnTests_stateTheirReason() throws IOException {
    Pattern condition = Pattern.compile("@(?:org\\.junit\\.jupiter\\.api\\.condition\\.)?(?:Disabled|Enabled)OnOs\\(([^)]*)\\)");
    List<String> silent = new ArrayList<>();
    List<Path> sources;
    try (var walk = Files.walk(ROOT)) {
      sources = walk.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> p.toString().contains("src" + java.io.File.separator + "test"))
          .filter(p -> !p.toString().contains(java.io.File.separator + "target" + java.io.File.separator))
          .toList();
    }
    int seen = 0;
    for (Path source : sources) {
      Matcher m = condition.matcher(Files.readString(source, StandardCharsets.UTF_8));
      while (m.find()) {
        seen++;
        if (!m.group(1).contains("disabledReason")) {
          silent.add(ROOT.relativize(source) + ": " + m.group());
        }
      }
    }
    assertThat(seen).as("OS conditions found (the scan must see them)").isPositive();
    assertThat(silent).as("OS conditions without a disabledReason").isEmpty();
  }
}
