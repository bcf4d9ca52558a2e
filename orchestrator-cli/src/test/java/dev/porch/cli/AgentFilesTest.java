package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porch.cli.internal.AgentFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code porch init --agent-files}: each file parses in its own format and has the shape its tool
 * documents (sources in docs/mcp.md), and a user's own files are never overwritten.
 */
class AgentFilesTest {
  @TempDir Path tmp;
  GitRepo repo;

  @BeforeEach
  void setUp() throws Exception {
    repo = GitRepo.create(tmp.resolve("repo"));
  }

  private String read(String path) throws Exception {
    return Files.readString(repo.dir.resolve(path), StandardCharsets.UTF_8);
  }

  @Test
  void agentFiles_writesEveryFileInItsToolsDocumentedShape() throws Exception {
    Cli.Result r = Cli.run(repo.dir, "init", "--agent-files");
    assertThat(r.code()).as(r.err()).isZero();

    // Claude Code skill: YAML front matter with name (lower-case letters, digits, hyphens, at most 64,
    // the folder's name) and description (at most 1024), then Markdown
    String skill = read(".claude/skills/parallel-orchestration/SKILL.md");
    assertThat(skill).startsWith("---\n");
    int end = skill.indexOf("\n---\n", 4);
    assertThat(end).isPositive();
    JsonNode front = new YAMLMapper().readTree(skill.substring(4, end));
    assertThat(front.get("name").asText()).matches("[a-z0-9-]{1,64}").isEqualTo("parallel-orchestration");
    assertThat(front.get("description").asText()).isNotBlank().hasSizeLessThanOrEqualTo(1024)
        .contains("parallel agents", "worktrees", "orchestrate");
    assertThat(Set.copyOf(iterable(front.fieldNames()))).isSubsetOf("name", "description", "allowed-tools");
    assertThat(skill.substring(end + 5)).contains("compete", "divide", "test_first", "explore", "safety_net",
        "Avoid");

    // Claude Code project scope: {"mcpServers": {NAME: {"type": "stdio", "command", "args", "env"}}}
    JsonNode claude = new ObjectMapper().readTree(read(".mcp.json")).get("mcpServers").get("porch");
    assertThat(claude.get("type").asText()).isEqualTo("stdio");
    assertServer(claude);
    assertThat(claude.get("env").isObject()).isTrue();

    // Codex: [mcp_servers.NAME] with command and args, in .codex/config.toml
    JsonNode codex = new TomlMapper().readTree(read(".codex/config.toml")).get("mcp_servers").get("porch");
    assertServer(codex);

    // Cursor: {"mcpServers": {NAME: {"command", "args"}}} in .cursor/mcp.json
    assertServer(new ObjectMapper().readTree(read(".cursor/mcp.json")).get("mcpServers").get("porch"));

    String agents = read("AGENTS.md");
    assertThat(agents).contains("<!-- porch:agents -->", "porch complete --summary", "porch fail", ".worktrees/");

    // what the files run is a porch command
    assertThat(Cli.run(repo.dir, "mcp", "--help").code()).isZero();
  }

  @Test
  void agentFiles_everyPorchCommandTheyShowParses() throws Exception {
    // a skill that shows an option porch does not have teaches the orchestrating agent a command that fails
    List<String> shown = new java.util.ArrayList<>();
    for (AgentFiles.File f : AgentFiles.FILES) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("`(porch [^`]+)`").matcher(AgentFiles.template(f));
      while (m.find()) {
        shown.add(m.group(1));
      }
    }
    assertThat(shown).as("commands in the skill and the AGENTS.md section").hasSizeGreaterThan(8);
    for (String command : shown) {
      List<String> words = words(command.substring("porch ".length()));
      picocli.CommandLine cl = Porch.newCommandLine(new CliContext(new java.io.PrintWriter(new java.io.StringWriter()),
          new java.io.PrintWriter(new java.io.StringWriter()), java.util.Map.of(), repo.dir, false, false,
          picocli.CommandLine.Help.Ansi.OFF));
      assertThat(catchParse(cl, words)).as(command).isNull();
    }
  }

  private static String catchParse(picocli.CommandLine cl, List<String> words) {
    try {
      cl.parseArgs(words.toArray(String[]::new));
      return null;
    } catch (picocli.CommandLine.ParameterException e) {
      return e.getMessage();
    }
  }

  /** Splits a command as a shell would, for the plain quoting the templates use. */
  private static List<String> words(String command) {
    List<String> out = new java.util.ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(command);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return out;
  }

  private static void assertServer(JsonNode server) {
    assertThat(server).as("the porch server entry").isNotNull();
    assertThat(server.get("command").asText()).isEqualTo("porch");
    assertThat(server.get("args").isArray()).isTrue();
    assertThat(List.copyOf(iterable(server.get("args").elements())).stream().map(JsonNode::asText).toList())
        .containsExactly("mcp");
  }

  private static <T> List<T> iterable(java.util.Iterator<T> it) {
    List<T> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void agentFiles_neverOverwritesAUsersFilesAndAppendsToAgentsMdOnce() throws Exception {
    repo.write(".mcp.json", "{\"mcpServers\": {\"mine\": {\"command\": \"x\"}}}\n");
    repo.write("AGENTS.md", "# Our rules\nBe kind.");
    Cli.Result first = Cli.run(repo.dir, "init", "--agent-files");
    assertThat(first.code()).isZero();
    assertThat(first.err()).contains(".mcp.json exists; left as it is");
    assertThat(read(".mcp.json")).isEqualTo("{\"mcpServers\": {\"mine\": {\"command\": \"x\"}}}\n");
    assertThat(read("AGENTS.md")).startsWith("# Our rules\nBe kind.\n\n<!-- porch:agents -->");

    String skill = read(".claude/skills/parallel-orchestration/SKILL.md");
    repo.write(".claude/skills/parallel-orchestration/SKILL.md", skill + "\nMy note.\n");
    String agents = read("AGENTS.md");
    Cli.Result second = Cli.run(repo.dir, "init", "--agent-files");
    assertThat(second.code()).isZero();
    assertThat(read("AGENTS.md")).isEqualTo(agents);
    assertThat(read(".claude/skills/parallel-orchestration/SKILL.md")).endsWith("My note.\n");
    try (var files = Files.list(repo.dir.resolve(".cursor"))) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("mcp.json");
    }
  }
}
