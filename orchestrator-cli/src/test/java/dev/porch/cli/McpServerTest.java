package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.agent.testing.FakeAgent;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code porch mcp} driven by a client nobody here wrote: the MCP Java SDK's own {@link McpClient}
 * over its stdio transport, which starts {@code porch mcp} as a process (the way Claude Code, Codex
 * and Cursor do), against a real git repository with fake agents.
 */
class McpServerTest {
  @TempDir Path tmp;
  GitRepo repo;
  Path gate;
  McpSyncClient client;
  final List<String> stderr = java.util.Collections.synchronizedList(new ArrayList<>());
  final BlockingQueue<McpSchema.ProgressNotification> progress = new LinkedBlockingQueue<>();
  final BlockingQueue<List<McpSchema.ResourceContents>> updates = new LinkedBlockingQueue<>();
  final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void setUp() throws Exception {
    repo = GitRepo.create(tmp.resolve("repo"));
    gate = tmp.resolve("gate");
    // each agent waits for the test's gate, so what is seen while agents run does not depend on timing
    List<String> agent = FakeAgent.command("--await", gate.toString(), "--print", "working", "--write", "work.txt",
        "done", "--commit", "agent work");
    repo.write(".porch.json", json.writeValueAsString(Map.of("agents", Map.of("fake", Map.of("command", agent)),
        "agent", "fake")));
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "porch config");
    Path home = Files.createDirectories(tmp.resolve("home"));
    ServerParameters server = ServerParameters.builder(javaBinary())
        .args("-cp", dev.porch.cli.internal.demo.DemoProject.absoluteClassPath(), Porch.class.getName(),
            "-C", repo.dir.toString(), "mcp")
        .env(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve(".config").toString(),
            "GIT_CONFIG_GLOBAL", home.resolve(".gitconfig").toString(), "GIT_CONFIG_NOSYSTEM", "1",
            "PORCH_LOCK_TIMEOUT", "5s"))
        .build();
    StdioClientTransport transport = new StdioClientTransport(server, new JacksonMcpJsonMapper(new ObjectMapper()));
    transport.setStdErrorHandler(stderr::add);
    client = McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(120))
        .initializationTimeout(Duration.ofSeconds(180)) // a JVM starting on a loaded machine
        // the client lists the tools and checks every structured result against its tool's output schema
        .enableCallToolSchemaCaching(true)
        .progressConsumer(progress::add)
        .resourcesUpdateConsumer(updates::add)
        .build();
    try {
      client.initialize();
    } catch (RuntimeException e) {
      throw new AssertionError("porch mcp did not start; its stderr: " + String.join("\n", stderr), e);
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    Files.writeString(gate, "open"); // no agent is left waiting
    if (client != null) {
      client.closeGracefully();
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private McpSchema.CallToolResult call(String tool, Map<String, Object> args) {
    return client.callTool(new McpSchema.CallToolRequest(tool, args));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> structured(McpSchema.CallToolResult r) {
    assertThat(r.isError()).as("tool error: %s", text(r)).isFalse();
    return (Map<String, Object>) r.structuredContent();
  }

  private static String text(McpSchema.CallToolResult r) {
    return r.content().stream().filter(c -> c instanceof McpSchema.TextContent)
        .map(c -> ((McpSchema.TextContent) c).text()).reduce("", String::concat);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> tasks(Map<String, Object> statusDoc) {
    return (List<Map<String, Object>>) statusDoc.get("tasks");
  }

  @Test
  void listTools_offersEveryToolWithInputAndOutputSchemas() {
    List<McpSchema.Tool> tools = client.listTools().tools();
    assertThat(tools).extracting(McpSchema.Tool::name).contains("spawn", "launch", "status", "wait", "conflicts",
        "sync", "cleanup", "tell", "compete", "divide", "test_first", "explore", "safety_net", "diff", "compare", "pick");
    for (McpSchema.Tool t : tools) {
      assertThat(t.inputSchema()).as(t.name()).containsEntry("type", "object");
      assertThat(t.outputSchema()).as(t.name()).containsEntry("type", "object");
      assertThat(t.description()).as(t.name()).isNotBlank();
    }
    assertThat(client.getServerInfo().name()).isEqualTo("porch");
    assertThat(client.getServerCapabilities().resources().subscribe()).isTrue();
  }

  @Test
  void spawnLaunchWaitSync_runAgentsAndMergeTheirWork() throws Exception {
    Map<String, Object> spawned = structured(call("spawn", Map.of("feature", "feat", "agents", 2)));
    assertThat((List<?>) spawned.get("tasks")).hasSize(2);
    assertThat(tasks(structured(call("status", Map.of())))).extracting(t -> t.get("status"))
        .containsExactly("PENDING", "PENDING");
    assertThat(client.listResources().resources()).extracting(McpSchema.Resource::uri)
        .contains("porch://status", "porch://status/feat-1", "porch://status/feat-2");
    client.subscribeResource(new McpSchema.SubscribeRequest("porch://status/feat-1"));

    Map<String, Object> started = structured(call("launch", Map.of("tasks", List.of("feat-1", "feat-2"),
        "prompt", "write work.txt")));
    String run = (String) started.get("run");
    assertThat(run).startsWith("feat-1-");
    assertThat(updates.poll(60, TimeUnit.SECONDS)).as("an update for the subscribed status file").isNotNull();

    CompletableFuture<McpSchema.CallToolResult> waiting = CompletableFuture.supplyAsync(() -> client.callTool(
        new McpSchema.CallToolRequest("wait", Map.of("run", run, "timeout_seconds", 120),
            Map.of("progressToken", "w1"))));
    McpSchema.ProgressNotification first = progress.poll(60, TimeUnit.SECONDS);
    assertThat(first).as("progress while waiting").isNotNull();
    assertThat(first.progressToken()).isEqualTo("w1");
    assertThat(first.message()).contains("of 2 final");
    Files.writeString(gate, "open");
    Map<String, Object> waited = structured(waiting.get(120, TimeUnit.SECONDS));
    assertThat(waited).containsEntry("finished", true).containsEntry("timed_out", false);
    assertThat(tasks(castMap(waited.get("status")))).extracting(t -> t.get("status"))
        .containsExactly("COMPLETE", "COMPLETE");
    assertThat(castMap(waited.get("report"))).containsEntry("schema", "porch.run/v1").containsEntry("run", run);

    String log = ((McpSchema.TextResourceContents) client.readResource(
        new McpSchema.ReadResourceRequest("porch://logs/feat-1")).contents().get(0)).text();
    assertThat(log).contains("working");

    Map<String, Object> plan = structured(call("sync", Map.of("dry_run", true)));
    assertThat(castList(plan.get("merges"))).extracting(m -> m.get("status")).containsExactly("PLANNED", "PLANNED");
    assertThat(repo.git("log", "--oneline")).doesNotContain("Merge feat-1");
    Map<String, Object> synced = structured(call("sync", Map.of()));
    // the fake agents write the same file and text: when their commits fall in the same second they are the
    // same commit, and the second is already in
    assertThat(castList(synced.get("merges"))).extracting(m -> m.get("status"))
        .satisfiesExactly(one -> assertThat(one).isEqualTo("MERGED"),
            two -> assertThat(two).isIn("MERGED", "ALREADY_UP_TO_DATE"));
    assertThat(repo.git("log", "--oneline")).contains("Merge feat-1");
    assertThat(repo.dir.resolve("work.txt")).hasContent("done");
  }

  @Test
  void workflowTools_returnTheCommandsOwnDocuments() throws Exception {
    // the run of JsonShapesTest.theManualWorkflowShapes, through the tools, against the same golden files
    Golden golden = new Golden(repo.dir, tmp);
    golden.check("spawn", document(call("spawn", Map.of("feature", "auth", "agents", 2))));
    JsonShapesTest.completeAuthInTheSameFile(repo.dir);
    golden.check("conflicts", document(call("conflicts", Map.of())));
    golden.check("sync-dry-run", document(call("sync", Map.of("dry_run", true))));
    golden.check("sync", document(call("sync", Map.of())));
    golden.check("cleanup", document(call("cleanup", Map.of("feature", "auth"))));
  }

  /** A tool's document, as the JSON text it sends, after checking its structured content says the same. */
  private com.fasterxml.jackson.databind.JsonNode document(McpSchema.CallToolResult r) throws Exception {
    assertThat(r.isError()).as("tool error: %s", text(r)).isFalse();
    com.fasterxml.jackson.databind.JsonNode doc = json.readTree(text(r));
    assertThat(json.convertValue(doc, Map.class)).isEqualTo(r.structuredContent());
    return doc;
  }

  @Test
  void compete_returnsARunIdAtOnceAndWaitGivesItsReport() throws Exception {
    Map<String, Object> started = structured(call("compete", Map.of("feature", "race", "agents", 2,
        "prompt", "write work.txt", "test", "test -f work.txt")));
    String run = (String) started.get("run");
    assertThat(started).containsEntry("kind", "compete").containsEntry("report", "porch://runs/" + run);
    assertThat(castList(structured(call("status", Map.of())).get("tasks"))).as("agents are held at the gate")
        .noneMatch(t -> "COMPLETE".equals(t.get("status")));
    Files.writeString(gate, "open");
    Map<String, Object> waited = structured(call("wait", Map.of("run", run, "timeout_seconds", 120)));
    Map<String, Object> decision = castMap(castMap(waited.get("report")).get("decision"));
    assertThat(decision.get("verdict")).isEqualTo("MERGE");
    assertThat(repo.git("log", "--oneline")).contains("Merge race-");
    String report = ((McpSchema.TextResourceContents) client.readResource(
        new McpSchema.ReadResourceRequest("porch://runs/" + run)).contents().get(0)).text();
    assertThat(json.readTree(report).get("schema").asText()).isEqualTo("porch.run/v1");
  }

  @Test
  void competeForReview_thenCompareDiffAndPickMergeTheChosenAttempt() throws Exception {
    Map<String, Object> started = structured(call("compete", Map.of("feature", "pk", "agents", 2,
        "prompt", "write work.txt", "test", "test -f work.txt", "review", true, "keep", true)));
    Files.writeString(gate, "open");
    Map<String, Object> waited = structured(call("wait", Map.of("run", started.get("run"), "timeout_seconds", 120)));
    assertThat(waited).containsEntry("finished", true);
    assertThat(repo.git("log", "--oneline")).as("review: nothing merged yet").doesNotContain("Merge pk-");

    Map<String, Object> compared = structured(call("compare", Map.of("tasks", List.of("pk"))));
    assertThat(compared).containsEntry("schema", "porch.compare/v1");
    assertThat(castList(compared.get("attempts"))).extracting(t -> t.get("task")).containsExactly("pk-1", "pk-2");
    Map<String, Object> diff = structured(call("diff", Map.of("task", "pk-2", "patch", true)));
    assertThat(castList(diff.get("files"))).extracting(f -> f.get("path")).containsExactly("work.txt");
    assertThat((String) diff.get("patch")).contains("+done");
    McpSchema.CallToolResult badPath = call("diff", Map.of("task", "pk-2", "paths", List.of("../../etc/passwd")));
    assertThat(badPath.isError()).isTrue();

    Map<String, Object> dry = structured(call("pick", Map.of("task", "pk-2", "dry_run", true)));
    assertThat(dry).containsEntry("dry_run", true).containsEntry("ok", true);
    assertThat(repo.git("log", "--oneline")).doesNotContain("Merge pk-2");
    Map<String, Object> picked = structured(call("pick", Map.of("task", "pk-2")));
    assertThat(picked).containsEntry("schema", "porch.pick/v1").containsEntry("ok", true);
    assertThat(picked.get("not_chosen")).isEqualTo(List.of("pk-1"));
    assertThat(repo.git("log", "--oneline")).contains("Merge pk-2");
  }

  @Test
  void badInput_isRefusedWithPorchsMessageAndNothingIsMade() throws Exception {
    assertThatThrownBy(() -> call("no_such_tool", Map.of())).isInstanceOf(McpError.class)
        .hasMessageContaining("Unknown tool");
    McpSchema.CallToolResult wrongType = call("spawn", Map.of("feature", "x", "agents", "three"));
    assertThat(wrongType.isError()).isTrue();
    assertThat(text(wrongType)).contains("agents");
    McpSchema.CallToolResult missing = call("spawn", Map.of());
    assertThat(missing.isError()).isTrue();
    assertThat(text(missing)).contains("feature");
    for (String hostile : List.of("../../etc", "..", "a/b", "CON", "-rf", "x\ny", "feat.lock")) {
      for (String tool : List.of("spawn", "cleanup", "status")) {
        Map<String, Object> args = tool.equals("status") ? Map.of("task", hostile) : Map.of("feature", hostile);
        McpSchema.CallToolResult r = call(tool, args);
        assertThat(r.isError()).as("%s %s", tool, hostile).isTrue();
        assertThat(text(r)).as("%s %s", tool, hostile).contains("porch: error:");
      }
      McpSchema.CallToolResult tell = call("tell", Map.of("task", hostile, "message", "hi"));
      assertThat(tell.isError()).isTrue();
    }
    assertThat(text(call("spawn", Map.of("feature", "../../etc")))).contains("invalid task name").contains("hint:");
    assertThatThrownBy(() -> client.readResource(new McpSchema.ReadResourceRequest("porch://logs/../../etc/passwd")))
        .isInstanceOf(McpError.class);
    assertThat(Files.exists(tmp.resolve("etc"))).isFalse();
    assertThat(repo.dir.resolve(".worktrees")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
        p -> assertThat(p).isEmptyDirectory());
  }

  @Test
  void whatTheCliRefuses_isRefusedHereToo() throws Exception {
    structured(call("spawn", Map.of("feature", "keep", "agents", 1)));
    Files.writeString(repo.dir.resolve(".worktrees/keep-1/uncommitted.txt"), "work in progress");
    Map<String, Object> cleaned = structured(call("cleanup", Map.of("feature", "keep", "delete_branches", true)));
    assertThat(castList(cleaned.get("kept"))).singleElement()
        .satisfies(k -> assertThat((String) k.get("reason")).contains("uncommitted"));
    assertThat(repo.dir.resolve(".worktrees/keep-1/uncommitted.txt")).exists();
    assertThat(client.listTools().tools()).filteredOn(t -> t.name().equals("cleanup")).singleElement()
        .satisfies(t -> assertThat(castMap(t.inputSchema().get("properties"))).doesNotContainKey("force"));

    McpSchema.CallToolResult again = call("spawn", Map.of("feature", "keep", "agents", 1));
    assertThat(again.isError()).isTrue();
    assertThat(text(again)).contains("keep-1").contains("hint: clean it up first: porch cleanup keep");

    McpSchema.CallToolResult noTests = call("safety_net", Map.of("feature", "risky", "prompt", "change it"));
    assertThat(noTests.isError()).isTrue();
    assertThat(text(noTests)).contains("needs a test command");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> castList(Object o) {
    return (List<Map<String, Object>>) o;
  }
}
