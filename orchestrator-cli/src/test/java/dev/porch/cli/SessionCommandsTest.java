package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.porch.agent.testing.FakeAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code porch tell} and {@code porch attach}, with the fake agent as a real process. */
class SessionCommandsTest {
  @TempDir Path tmp;
  GitRepo repo;
  Path first;
  Path resumed;
  Path attached;
  final ObjectMapper json = new ObjectMapper();

  private static List<String> with(List<String> base, String... more) {
    List<String> out = new ArrayList<>(base);
    out.addAll(List.of(more));
    return out;
  }

  @BeforeEach
  void setUp() throws Exception {
    repo = GitRepo.create(tmp.resolve("repo"));
    first = tmp.resolve("first.json");
    resumed = tmp.resolve("resumed.json");
    attached = tmp.resolve("attached.json");
    // the normal command prints Claude Code's stream-json init line, from which the engine records the session
    Map<String, Object> fake = Map.of(
        "stream", "claude-stream-json",
        "command", with(FakeAgent.command("--record", first.toString(), "--session", "sess-1", "--write", "work.txt",
            "{prompt}", "--commit", "agent work"), "--prompt", "{prompt}"),
        "resume", FakeAgent.command("--record", resumed.toString(), "--write", "more.txt", "{prompt}",
            "--commit", "follow-up work", "--resume", "{session}", "{prompt}"),
        "interactive", FakeAgent.command("--args", attached.toString(), "--exit", "5"),
        "interactive_resume", FakeAgent.command("--args", attached.toString(), "--write", "session.txt", "{session}",
            "--exit", "7"));
    repo.write(".porch.json", json.writeValueAsString(Map.of("agents", Map.of("fake", fake,
        "plain", Map.of("command", FakeAgent.command("--exit", "0"))), "agent", "fake")));
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "porch config");
  }

  /**
   * auth-1, run once to COMPLETE: the engine records the session its agent printed ({@code sess-1});
   * with {@code withSession} false it is removed again (a CLI that does not tell its session).
   */
  private void ranOnce(boolean withSession) throws Exception {
    assertThat(Cli.run(repo.dir, "spawn", "auth", "--agents", "1").code()).isZero();
    Cli.Result r = Cli.run(repo.dir, "launch", "auth-1", "--prompt", "build the form", "--wait", "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(status().path("session").asText()).as("recorded from the agent's stream").isEqualTo("sess-1");
    if (!withSession) {
      ObjectNode s = (ObjectNode) status();
      s.remove("session");
      json.writerWithDefaultPrettyPrinter().writeValue(statusFile().toFile(), s);
    }
  }

  private Path statusFile() {
    return repo.dir.resolve(".agent-status/auth-1.json");
  }

  private JsonNode status() throws Exception {
    return json.readTree(statusFile().toFile());
  }

  private List<String> argv(Path record) throws Exception {
    List<String> out = new ArrayList<>();
    json.readTree(record.toFile()).get("argv").forEach(a -> out.add(a.asText()));
    return out;
  }

  @Test
  void tellWait_resumesTheRecordedSessionInTheSameWorktree() throws Exception {
    ranOnce(true);
    Cli.Result r = Cli.run(repo.dir, "tell", "auth-1", "also validate the e-mail; don't $(break) it", "--wait", "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(json.readTree(r.out()).get("schema").asText()).isEqualTo("porch.run/v1");
    assertThat(argv(resumed)).endsWith("--resume", "sess-1", "also validate the e-mail; don't $(break) it");
    assertThat(json.readTree(resumed.toFile()).get("cwd").asText())
        .isEqualTo(repo.dir.resolve(".worktrees/auth-1").toRealPath().toString());
    JsonNode s = status();
    assertThat(s.get("status").asText()).isEqualTo("COMPLETE");
    assertThat(s.get("attempt").asInt()).isEqualTo(2);
    assertThat(s.get("branch").asText()).isEqualTo("feature/auth-1");
    assertThat(s.get("files_changed").toString()).contains("work.txt").contains("more.txt");
    assertThat(repo.git("log", "--format=%s", "feature/auth-1")).startsWith("follow-up work\nagent work\n");
    assertThat(repo.git("log", "-1", "--format=%s", "main")).as("nothing merged").isEqualTo("porch config\n");
    assertThat(repo.dir.resolve(".agent-status/logs/auth-1.log")).content()
        .contains("attempt 2").contains("resuming session sess-1").contains("resumed session sess-1: also validate");
    List<String> states = new ArrayList<>();
    for (String line : Files.readAllLines(repo.dir.resolve(".agent-status/events.ndjson"))) {
      JsonNode e = json.readTree(line);
      if (e.path("task").asText().equals("auth-1") && e.has("to")) {
        states.add(e.get("to").asText());
      }
    }
    assertThat(states).containsSubsequence("COMPLETE", "PENDING", "RUNNING", "COMPLETE");
  }

  @Test
  void tell_runsASupervisorInTheBackground() throws Exception {
    ranOnce(true);
    Cli.Result r = Cli.run(repo.dir, "tell", "auth-1", "--", "-- not an option");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("sent the follow-up to auth-1 in the background (supervisor pid ");
    long pid = Long.parseLong(r.err().replaceAll("(?s).*supervisor pid (\\d+).*", "$1"));
    ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(120, java.util.concurrent.TimeUnit.SECONDS).join());
    assertThat(argv(resumed)).endsWith("--resume", "sess-1", "-- not an option");
    assertThat(status().get("status").asText()).isEqualTo("COMPLETE");
    assertThat(status().get("attempt").asInt()).isEqualTo(2);
  }

  @Test
  void tellWait_withoutSessionStartsAnewWithThePreviousSummary() throws Exception {
    ranOnce(false);
    Path message = repo.dir.resolve("notes.md");
    Files.writeString(message, "rename the button\n");
    Cli.Result r = Cli.run(repo.dir, "tell", "auth-1", "--prompt-file", "notes.md", "--wait");
    assertThat(r.code()).as(r.toString()).isZero();
    List<String> argv = argv(first);
    String prompt = argv.get(argv.size() - 1);
    assertThat(prompt).contains("follow-up on the same worktree").contains("COMPLETE: agent work")
        .contains("rename the button");
    assertThat(resumed).doesNotExist();
    assertThat(status().get("attempt").asInt()).isEqualTo(2);
    assertThat(status().get("status").asText()).isEqualTo("COMPLETE");
    assertThat(repo.dir.resolve(".agent-status/logs/auth-1.log")).content().contains("new session (no resumable session)");
  }

  @Test
  void tell_refusals() throws Exception {
    Cli.Result unknown = Cli.run(repo.dir, "tell", "nope-1", "x", "--wait");
    assertThat(unknown.code()).as(unknown.toString()).isEqualTo(2);
    assertThat(unknown.err()).contains("there is no task nope-1");

    assertThat(Cli.run(repo.dir, "spawn", "auth", "--agents", "1").code()).isZero();
    Cli.Result pending = Cli.run(repo.dir, "tell", "auth-1", "x");
    assertThat(pending.code()).as(pending.toString()).isEqualTo(1);
    assertThat(pending.err()).contains("task auth-1 is PENDING").contains("hint: wait for the agent to end");

    ObjectNode s = (ObjectNode) status();
    s.put("status", "RUNNING");
    json.writeValue(statusFile().toFile(), s);
    Cli.Result running = Cli.run(repo.dir, "tell", "auth-1", "x", "--wait");
    assertThat(running.code()).as(running.toString()).isEqualTo(1);
    assertThat(running.err()).contains("task auth-1 is RUNNING: its agent is still running");

    s.put("status", "FAILED");
    json.writeValue(statusFile().toFile(), s);
    repo.git("worktree", "remove", "--force", ".worktrees/auth-1");
    Cli.Result gone = Cli.run(repo.dir, "tell", "auth-1", "x");
    assertThat(gone.code()).as(gone.toString()).isEqualTo(2);
    assertThat(gone.err()).contains("task auth-1 has no worktree");

    Cli.Result noMessage = Cli.run(repo.dir, "tell", "auth-1");
    assertThat(noMessage.code()).isEqualTo(2);
    assertThat(noMessage.err()).contains("say what to tell the agent");
  }

  @Test
  void attach_resumesTheSessionAndReturnsTheExitCode() throws Exception {
    ranOnce(true);
    Cli.Result r = Cli.run(repo.dir, "attach", "auth-1", "--no-tty-check");
    assertThat(r.code()).as(r.toString()).isEqualTo(7);
    assertThat(argv(attached)).containsSequence("--write", "session.txt", "sess-1");
    JsonNode rec = json.readTree(attached.toFile());
    assertThat(rec.get("cwd").asText()).isEqualTo(repo.dir.resolve(".worktrees/auth-1").toRealPath().toString());
    assertThat(rec.get("env").get("PORCH_TASK").asText()).isEqualTo("auth-1");
    assertThat(rec.get("env").get("PORCH_STATUS_FILE").asText()).endsWith("auth-1.json");
    assertThat(r.err()).contains("resuming session sess-1");
    assertThat(status().get("status").asText()).as("attach writes no status").isEqualTo("COMPLETE");
  }

  @Test
  void attach_withoutSessionOpensANewOne() throws Exception {
    ranOnce(false);
    Cli.Result r = Cli.run(repo.dir, "attach", "auth-1", "--no-tty-check");
    assertThat(r.code()).as(r.toString()).isEqualTo(5);
    assertThat(argv(attached)).doesNotContain("session.txt");
  }

  @Test
  void attach_refusals() throws Exception {
    ranOnce(true);
    Cli.Result noTty = Cli.run(repo.dir, "attach", "auth-1");
    assertThat(noTty.code()).as(noTty.toString()).isEqualTo(2);
    assertThat(noTty.err()).contains("needs a terminal").contains("--no-tty-check");
    Cli.Result noInteractive = Cli.run(repo.dir, "attach", "auth-1", "--agent", "plain", "--no-tty-check");
    assertThat(noInteractive.code()).as(noInteractive.toString()).isEqualTo(1);
    assertThat(noInteractive.err()).contains("has no interactive command");
    Cli.Result unknown = Cli.run(repo.dir, "attach", "nope-1", "--no-tty-check");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(attached).doesNotExist();
  }
}
