package dev.porch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.agent.testing.FakeAgent;
import dev.porch.agent.testing.GitRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompts reach the agent byte for byte and are never run by a shell; summaries and other agent
 * text are shown by porch with control characters made visible, colours on or off.
 */
class PromptsAndSummariesTest {
  /** Escape sequences that would do something to a terminal if replayed raw. */
  static final String ESCAPES = "\u001b[31mred\u001b[0m \u001b]0;title\u0007 \u009b2J \u001b[2J\u001b[H"
      + " \u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\ \r\u001b[K bell\u0007 bidi\u202eevil\u202c";

  @TempDir Path tmp;
  HostileRepo repo;
  Path records;
  final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void setUp() throws Exception {
    repo = HostileRepo.bare(tmp);
    records = Files.createDirectories(tmp.resolve(HostileRepo.SCRATCH));
    String rec = records.resolve("{task}.json").toString();
    Map<String, Object> agents = new LinkedHashMap<>();
    // the prompt as one argument, as a file and on standard input, all recorded
    agents.put("all", Map.of("command", FakeAgent.command("--record-file", rec, "{prompt_file}", "--print", "{prompt}"),
        "stdin", true));
    // no argument: for prompts longer than Linux allows in one argument (128 KiB)
    agents.put("file", Map.of("command", FakeAgent.command("--record-file", rec, "{prompt_file}"), "stdin", true));
    agents.put("arg", Map.of("command", FakeAgent.command("--print", "{prompt}")));
    Files.writeString(repo.root.resolve(".porch.json"), json.writeValueAsString(Map.of("agent", "all", "agents", agents)));
    repo.git.git("commit", "-q", "-am", "recording agents");
  }

  /** Shell metacharacters, each of which would create a canary file if a shell ever saw the prompt. */
  private String shellPrompt() {
    Path c = tmp.resolve("pwned");
    return "Implement it.\n$(touch " + c + "-1) `touch " + c + "-2` ; touch " + c + "-3 && touch " + c + "-4 | touch "
        + c + "-5 > " + c + "-6\n%PATH% $HOME ${IFS} \"double\" 'single' \\\"escaped\\\" {task} {prompt} * ? ~ !! \\\n"
        + "; rm -rf ~\n" + ESCAPES + "\ncaf\u00e9 \u4e2d\u6587 \ud83d\ude00\n";
  }

  @Test
  void launch_hostilePrompt_reachesTheAgentByteForByteAndNoShellRunsIt() throws Exception {
    String prompt = shellPrompt();
    Path file = Files.writeString(tmp.resolve("prompt.md"), prompt);
    assertThat(Cli.run(repo.root, "spawn", "p", "--agents", "1").code()).isZero();
    HostileRepo.Guarded before = repo.guard();

    Cli.Result r = Cli.run(repo.root, "launch", "p-1", "--prompt-file", file.toString(), "--wait");

    Invariants.check(r, before);
    assertThat(r.code()).as(r.toString()).isZero();
    byte[] saved = Files.readAllBytes(repo.root.resolve(".agent-status/prompts/p-1.md"));
    assertThat(new String(saved, StandardCharsets.UTF_8)).contains(prompt);
    JsonNode rec = json.readTree(records.resolve("p-1.json").toFile());
    List<String> argv = new ArrayList<>();
    rec.get("argv").forEach(a -> argv.add(a.asText()));
    assertThat(argv).filteredOn(a -> a.contains("Implement it.")).containsExactly(new String(saved, StandardCharsets.UTF_8));
    assertThat(Base64.getDecoder().decode(rec.get("file").asText())).isEqualTo(saved);
    assertThat(Base64.getDecoder().decode(rec.get("stdin").asText())).isEqualTo(saved);
    for (int i = 1; i <= 6; i++) {
      assertThat(tmp.resolve("pwned-" + i)).doesNotExist();
    }
  }

  @Test
  void launch_oneMegabytePrompt_reachesAFileAgentWhole_andAnArgumentAgentFailsClearly() throws Exception {
    StringBuilder b = new StringBuilder();
    while (b.length() < 1 << 20) {
      b.append(shellPrompt());
    }
    String prompt = b.toString();
    Path file = Files.writeString(tmp.resolve("big.md"), prompt);
    assertThat(Cli.run(repo.root, "spawn", "big", "--agents", "2").code()).isZero();
    HostileRepo.Guarded before = repo.guard();

    Cli.Result viaFile = Cli.run(repo.root, "launch", "big-1", "--prompt-file", file.toString(), "--agent", "file", "--wait");
    Invariants.check(viaFile, before);
    assertThat(viaFile.code()).as(viaFile.toString()).isZero();
    byte[] saved = Files.readAllBytes(repo.root.resolve(".agent-status/prompts/big-1.md"));
    assertThat(saved.length).isGreaterThan(1 << 20);
    JsonNode rec = json.readTree(records.resolve("big-1.json").toFile());
    assertThat(Base64.getDecoder().decode(rec.get("file").asText())).isEqualTo(saved);
    assertThat(Base64.getDecoder().decode(rec.get("stdin").asText())).isEqualTo(saved);

    // Linux refuses one argument over 128 KiB: the agent cannot start; porch says so and exits 1
    Cli.Result viaArg = Cli.run(repo.root, "launch", "big-2", "--prompt-file", file.toString(), "--agent", "arg", "--wait");
    Invariants.check(viaArg, before);
    assertThat(viaArg.code()).as(viaArg.toString()).isEqualTo(1);
    JsonNode status = json.readTree(repo.status("big-2.json").toFile());
    assertThat(status.get("status").asText()).isEqualTo("FAILED");
    assertThat(status.get("error").asText()).as(status.toString()).isNotBlank();
    for (int i = 1; i <= 6; i++) {
      assertThat(tmp.resolve("pwned-" + i)).doesNotExist();
    }
  }

  @Test
  void status_hostileSummaries_areShownWithEscapesMadeVisible_coloursOffAndOn() throws Exception {
    assertThat(Cli.run(repo.root, "spawn", "s", "--agents", "2").code()).isZero();
    // s-1: the agent reports through porch; s-2: the agent writes its status file by hand
    Cli.Result complete = Cli.run(repo.root.resolve(".worktrees/s-1"), "complete", "--summary", "done " + ESCAPES);
    assertThat(complete.code()).as(complete.toString()).isZero();
    String s2 = Files.readString(repo.status("s-2.json")).replace("\"PENDING\"", "\"COMPLETE\"")
        .replace("\"summary\" : null", "\"summary\" : " + Tampering.quote("hand " + ESCAPES))
        .replace("\"summary\": null", "\"summary\": " + Tampering.quote("hand " + ESCAPES));
    Files.writeString(repo.status("s-2.json"), s2);
    assertThat(json.readTree(repo.status("s-2.json").toFile()).get("summary").asText()).startsWith("hand \u001b[31m");

    for (boolean terminal : new boolean[] {false, true}) {
      for (String[] args : List.of(new String[] {"status"}, new String[] {"sync", "--merge", "--dry-run"})) {
        Cli.Result r = Cli.run(repo.root, terminal, args);
        assertThat(r.code()).as(r.toString()).isZero();
        String shown = r.out() + r.err();
        assertNoTerminalControl(shown, terminal, r);
        assertThat(shown).as(r.toString()).contains("\\u001b[31mred").contains("\\u001b]0;title\\u0007").contains("\\u009b2J");
      }
    }
    Cli.Result js = Cli.run(repo.root, "status", "--json");
    assertNoTerminalControl(js.out(), false, js);
    JsonNode doc = json.readTree(js.out());
    assertThat(doc.get("tasks").findValuesAsText("summary")).contains("done " + ESCAPES, "hand " + ESCAPES);
  }

  @Test
  void syncMerge_hostileSummaries_reachTheMergeCommitAsOneVisibleLine() throws Exception {
    assertThat(Cli.run(repo.root, "spawn", "m", "--agents", "1").code()).isZero();
    Path wt = repo.root.resolve(".worktrees/m-1");
    Files.writeString(wt.resolve("work.txt"), "agent output\n");
    GitRepo.gitIn(wt, "add", "-A");
    GitRepo.gitIn(wt, "commit", "-q", "-m", "agent work");
    Cli.Result complete = Cli.run(wt, "complete", "--summary", "done\nSigned-off-by: nobody " + ESCAPES);
    assertThat(complete.code()).as(complete.toString()).isZero();

    Cli.Result merged = Cli.run(repo.root, "sync", "--merge");
    assertThat(merged.code()).as(merged.toString()).isZero();

    // git log replays a message to the terminal as it is: nothing in it may act there
    String message = repo.git.git("log", "-1", "--format=%B", "main");
    assertNoTerminalControl(message.replace("\n", " "), false, merged);
    assertThat(message.strip()).startsWith("Merge m-1: done Signed-off-by: nobody ").contains("\\u001b[31mred")
        .doesNotContain("\n");
  }

  @Test
  void fileNamesWithEscapes_inWarnings_areMadeVisible() throws Exception {
    assertThat(Cli.run(repo.root, "spawn", "f", "--agents", "1").code()).isZero();
    Path wt = repo.root.resolve(".worktrees/f-1");
    Files.writeString(wt.resolve("x\u001b]0;pwned\u0007\u001b[2J.txt"), "agent output\n");

    for (String[] args : List.of(new String[] {"complete", "--task", "f-1", "--summary", "ok"},
        new String[] {"cleanup", "f"})) {
      Cli.Result r = Cli.run(repo.root, true, args);
      assertThat(r.code()).as(r.toString()).isIn(0, 1);
      assertNoTerminalControl(r.out() + r.err(), true, r);
      assertThat(r.err()).as(r.toString()).contains("pwned");
    }
  }

  /**
   * No control character reaches the terminal except porch's own colours ({@code ESC[...m}, only
   * when colour is on): no OSC, no C1 CSI, no cursor movement, no BEL, no bare CR, no bidi override.
   */
  static void assertNoTerminalControl(String shown, boolean coloursAllowed, Cli.Result r) {
    String rest = coloursAllowed ? shown.replaceAll("\u001b\\[[0-9;]*m", "") : shown;
    Matcher m = Pattern.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]").matcher(rest);
    if (m.find()) {
      int at = m.start();
      throw new AssertionError(String.format("raw U+%04X at %d: ...%s...%n%s", (int) rest.charAt(at), at,
          rest.substring(Math.max(0, at - 40), Math.min(rest.length(), at + 40)).replace("\u001b", "<ESC>"), r));
    }
  }
}
