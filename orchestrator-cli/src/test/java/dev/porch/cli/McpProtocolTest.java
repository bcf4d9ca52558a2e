package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Help.Ansi;

/**
 * {@code porch mcp} at the level of the protocol's lines, in process (no JVM to start): what a client
 * may send that no SDK client would, and what the server may send before it is initialised. {@link
 * McpServerTest} drives the same server with the SDK's own client as a separate process.
 */
class McpProtocolTest {
  @TempDir Path tmp;
  final ObjectMapper json = new ObjectMapper();
  final Lines toServer = new Lines();
  final BlockingQueue<String> fromServer = new LinkedBlockingQueue<>();
  final StringWriter stderr = new StringWriter();
  GitRepo repo;
  CompletableFuture<Integer> exit;

  @BeforeEach
  void setUp() throws Exception {
    repo = GitRepo.create(tmp.resolve("repo"));
    // risky: an agent that ends at once, with a flag that turns its own permission prompts off;
    // held: one that waits for the test's gate
    repo.write(".porch.json", json.writeValueAsString(Map.of("agents", Map.of(
        "risky", Map.of("command", java.util.List.of("git", "--version", "--yolo")),
        "held", Map.of("command", dev.porch.agent.testing.FakeAgent.command("--await", gate().toString()))))));
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "porch config");
    assertThat(Cli.run(repo.dir, "spawn", "pre", "--agents", "1").code()).isZero(); // a task that is there at start
    CliContext ctx = new CliContext(new PrintWriter(new StringWriter()), new PrintWriter(stderr, true),
        Map.of("PORCH_LOCK_TIMEOUT", "1s"), repo.dir, false, false, Ansi.OFF, toServer, new LineSink(fromServer));
    exit = CompletableFuture.supplyAsync(() -> Porch.run(new String[] {"mcp"}, ctx));
  }

  private Path gate() {
    return tmp.resolve("gate");
  }

  @AfterEach
  void tearDown() throws Exception {
    java.nio.file.Files.writeString(gate(), "open"); // no agent is left waiting
    toServer.end();
    exit.get(60, TimeUnit.SECONDS);
  }

  private void send(String line) {
    toServer.add(line + "\n");
  }

  private JsonNode next() throws Exception {
    String line = fromServer.poll(60, TimeUnit.SECONDS);
    assertThat(line).as("a message from porch mcp; its stderr: %s", stderr).isNotNull();
    return json.readTree(line);
  }

  /** The next message that is not a notification. */
  private JsonNode reply() throws Exception {
    JsonNode m = next();
    while (!m.has("id")) {
      m = next();
    }
    return m;
  }

  private JsonNode call(int id, String tool, String arguments) throws Exception {
    send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
        + "\",\"arguments\":" + arguments + "}}");
    JsonNode r = reply();
    assertThat(r.get("id").asInt()).isEqualTo(id);
    return r;
  }

  private void initialize() throws Exception {
    send("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
    JsonNode first = next();
    assertThat(first.path("id").asInt(-1)).as("the first thing porch sends is the answer to initialize: %s", first)
        .isZero();
    assertThat(first.path("result").path("serverInfo").path("name").asText()).isEqualTo("porch");
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
  }

  @Test
  void linesThatAreNoMessage_areAnsweredAndTheSessionGoesOn() throws Exception {
    initialize();
    send("this is not json");
    JsonNode parse = reply();
    assertThat(parse.get("id").isNull()).isTrue();
    assertThat(parse.path("error").path("code").asInt()).isEqualTo(-32700);

    send("");
    send("{}");
    assertThat(reply().path("error").path("code").asInt()).isEqualTo(-32600);
    send("[1, 2]");
    assertThat(reply().path("error").path("code").asInt()).isEqualTo(-32600);
    send("{\"jsonrpc\":\"2.0\",\"id\":\"x7\"}");
    JsonNode noMethod = reply();
    assertThat(noMethod.get("id").asText()).isEqualTo("x7");
    assertThat(noMethod.path("error").path("code").asInt()).isEqualTo(-32600);

    send("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\"}");
    JsonNode pong = reply();
    assertThat(pong.get("id").asInt()).as("still answering").isEqualTo(8);
    assertThat(pong.has("result")).isTrue();
    send("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"no/such/method\"}");
    assertThat(reply().path("error").path("code").asInt()).isEqualTo(-32601);

    toServer.end();
    assertThat(exit.get(60, TimeUnit.SECONDS)).as("porch mcp ends with its input").isZero();
  }

  @Test
  void unknownArguments_areRefusedAndNothingIsMade() throws Exception {
    initialize();
    JsonNode typo = call(1, "spawn", "{\"feature\":\"typo\",\"agnets\":2}");
    assertThat(typo.path("result").path("isError").asBoolean()).as("%s", typo).isTrue();
    assertThat(typo.path("result").path("content").get(0).path("text").asText()).contains("agnets");
    assertThat(repo.dir.resolve(".worktrees/typo-1")).doesNotExist();

    JsonNode part = call(2, "divide", "{\"feature\":\"dv\",\"parts\":[{\"name\":\"a\",\"prompt\":\"x\","
        + "\"afer\":[\"b\"]}]}");
    assertThat(part.path("result").path("isError").asBoolean()).as("%s", part).isTrue();
    assertThat(part.path("result").path("content").get(0).path("text").asText()).contains("afer");
    assertThat(repo.dir.resolve(".worktrees/dv-a")).doesNotExist();

    send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}");
    for (JsonNode tool : reply().path("result").path("tools")) {
      assertThat(tool.path("inputSchema").path("additionalProperties").asBoolean(true)).as(tool.path("name").asText())
          .isFalse();
      if (tool.path("name").asText().equals("launch")) {
        // launch works in existing worktrees and merges nothing: it offers no argument it would ignore
        assertThat(tool.path("inputSchema").path("properties").has("base")).isFalse();
        assertThat(tool.path("inputSchema").path("properties").has("review")).isFalse();
        assertThat(tool.path("inputSchema").path("properties").has("keep")).isFalse();
        assertThat(tool.path("inputSchema").path("properties").has("agent")).isTrue();
      }
    }
  }

  @Test
  void runTools_returnTheWarningsTheCliPrints() throws Exception {
    initialize();
    JsonNode started = call(1, "launch", "{\"tasks\":[\"pre-1\"],\"prompt\":\"x\",\"agent\":\"risky\"}");
    JsonNode doc = started.path("result").path("structuredContent");
    assertThat(doc.path("warnings").toString()).as("%s", started)
        .contains("agent profile 'risky' runs with --yolo and no sandbox");
    JsonNode waited = call(2, "wait", "{\"run\":\"" + doc.path("run").asText() + "\",\"timeout_seconds\":60}");
    assertThat(waited.path("result").path("structuredContent").path("finished").asBoolean()).as("%s", waited).isTrue();
  }

  @Test
  void aChangeWhileARunOfThisServerHoldsTheLock_isRefusedNamingTheRun() throws Exception {
    initialize();
    JsonNode started = call(1, "launch", "{\"tasks\":[\"pre-1\"],\"prompt\":\"x\",\"agent\":\"held\"}");
    String run = started.path("result").path("structuredContent").path("run").asText();
    assertThat(run).as("%s", started).isNotEmpty();
    JsonNode sync = call(2, "sync", "{}");
    assertThat(sync.path("result").path("isError").asBoolean()).as("%s", sync).isTrue();
    assertThat(sync.path("result").path("content").get(0).path("text").asText())
        .contains("locked by run " + run).contains("hint: call the wait tool with run " + run);
    java.nio.file.Files.writeString(gate(), "open");
    JsonNode waited = call(3, "wait", "{\"run\":\"" + run + "\",\"timeout_seconds\":60}");
    assertThat(waited.path("result").path("structuredContent").path("finished").asBoolean()).as("%s", waited).isTrue();
    assertThat(call(4, "sync", "{}").path("result").path("isError").asBoolean()).as("the lock is free again").isFalse();
  }

  @Test
  void whatTheCliRefuses_aDirtyMainWorktreeAndAnUnmergedBranch_isRefusedHereToo() throws Exception {
    initialize();
    Path work = repo.dir.resolve(".worktrees/pre-1");
    java.nio.file.Files.writeString(work.resolve("pre.txt"), "done\n");
    GitRepo.commitIn(work, "pre work");
    assertThat(Cli.run(work, "complete", "--summary", "pre work").code()).isZero();
    JsonNode one = call(1, "status", "{\"task\":\"pre-1\"}");
    assertThat(one.path("result").path("structuredContent").path("tasks")).as("%s", one).hasSize(1);
    assertThat(one.path("result").path("structuredContent").path("tasks").get(0).path("status").asText())
        .isEqualTo("COMPLETE");

    repo.write("README.md", "changed by hand, not committed\n");
    JsonNode dirty = call(2, "sync", "{}");
    assertThat(dirty.path("result").path("isError").asBoolean()).as("%s", dirty).isTrue();
    assertThat(dirty.path("result").path("content").get(0).path("text").asText()).contains("uncommitted")
        .contains("README.md");
    assertThat(repo.git("log", "--oneline")).doesNotContain("Merge pre-1");

    repo.git("checkout", "--", "README.md");
    JsonNode cleaned = call(3, "cleanup", "{\"feature\":\"pre\",\"delete_branches\":true}");
    assertThat(cleaned.path("result").path("structuredContent").path("kept").toString()).as("%s", cleaned)
        .contains("feature/pre-1").contains("not merged");
    assertThat(repo.git("branch", "--list", "feature/pre-1")).as("the unmerged branch is kept").contains("pre-1");
  }

  /** The server's input: lines the test adds, then the end. */
  static final class Lines extends InputStream {
    private static final byte[] END = new byte[0];
    private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private byte[] current = new byte[0];
    private int pos;
    private boolean ended;

    void add(String line) {
      queue.add(line.getBytes(StandardCharsets.UTF_8));
    }

    void end() {
      queue.add(END);
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      while (pos == current.length) {
        if (ended) {
          return -1;
        }
        try {
          current = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return -1;
        }
        pos = 0;
        ended = current == END;
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  /** The server's output, one message per line into a queue. */
  static final class LineSink extends OutputStream {
    private final BlockingQueue<String> lines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineSink(BlockingQueue<String> lines) {
      this.lines = lines;
    }

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        lines.add(line.toString(StandardCharsets.UTF_8));
        line.reset();
      } else {
        line.write(b);
      }
    }
  }
}
