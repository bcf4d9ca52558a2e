package dev.porch.realcli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real codex 0.171.0 binary, run directly (not through porch) in a small git project against
 * the scripted model server: it fixes {@code calc.sh} with its own shell tool, commits in a linked
 * worktree, meets a 429, a 401 and a missing key, and resumes a session. Each run's {@code --json}
 * stdout is saved under {@code target/codex-streams} (or {@code -Dporch.codex.streams=DIR}) to serve
 * as porch's stream fixtures. Homes live under {@code target/}, never /tmp (codex refuses it).
 */
@Tag("real-cli")
class CodexDirectTest {
  private static final Duration LIMIT = Duration.ofSeconds(120);
  private static final String PROMPT = "## Task: calc-1\nFix calc.sh so that ./check.sh passes, then commit.";
  private static final String FIX = "sed -i s/-/+/ calc.sh && ./check.sh";
  private static final Path STREAMS = Path.of(System.getProperty("porch.codex.streams", "target/codex-streams"));

  private final CodexCli cli = new CodexCli();
  private Path root;
  private Path home;
  private Path repo;

  @BeforeEach
  void setUp() throws Exception {
    Files.createDirectories(Path.of("target"));
    root = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "codex-direct-");
    home = Files.createDirectories(root.resolve("home"));
    repo = Files.createDirectories(root.resolve("repo"));
    Files.writeString(home.resolve(".gitconfig"), "[user]\n\tname = porch test\n\temail = test@porch.dev\n"
        + "[init]\n\tdefaultBranch = main\n");
    Files.writeString(repo.resolve("calc.sh"), "#!/bin/sh\necho $(($1 - $2))\n");
    Files.writeString(repo.resolve("check.sh"), "#!/bin/sh\n[ \"$(./calc.sh 2 3)\" = 5 ] && echo ok || { echo FAIL; exit 1; }\n");
    repo.resolve("calc.sh").toFile().setExecutable(true, false);
    repo.resolve("check.sh").toFile().setExecutable(true, false);
    git(repo, "init", "-q");
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "init");
  }

  @AfterEach
  void tearDown() throws Exception {
    sh(root.getParent(), "rm", "-rf", root.toString());
  }

  @Test
  void shell_fixesCalc_streamParsed() throws Exception {
    try (ScriptedModelServer server = ScriptedModelServer.start(cli.wire(),
        Scenario.forAll(new Step.Shell(FIX), new Step.Text("Fixed calc.sh: it added with -.")))) {
      CodexRun run = codex(server, repo, exec(PROMPT));
      run.save(STREAMS, "fix-calc");
      assertThat(run.code()).as(run.toString()).isZero();
      assertThat(Files.readString(repo.resolve("calc.sh"))).contains("$1 + $2");
      assertThat(run.threadId()).isNotEmpty();
      JsonNode cmd = run.items("command_execution").get(0);
      assertThat(cmd.path("command").asText()).contains("sed -i s/-/+/ calc.sh");
      assertThat(cmd.path("exit_code").asInt()).isZero();
      assertThat(cmd.path("aggregated_output").asText()).contains("ok");
      assertThat(run.items("agent_message").get(0).path("text").asText()).startsWith("Fixed calc.sh");
      JsonNode usage = run.events("turn.completed").get(0).path("usage");
      assertThat(usage.path("input_tokens").asInt()).isEqualTo(2 * OpenAiResponsesWire.INPUT_TOKENS);
      assertThat(usage.path("output_tokens").asInt()).isEqualTo(2 * OpenAiResponsesWire.OUTPUT_TOKENS);
      assertThat(server.turns()).hasSize(2);
    }
  }

  @Test
  void severalToolCalls_oneTurn() throws Exception {
    try (ScriptedModelServer server = ScriptedModelServer.start(cli.wire(), Scenario.forAll(
        new Step.Shell("cat calc.sh"), new Step.Shell("./check.sh"), new Step.Shell(FIX),
        new Step.Shell("git diff --stat"), new Step.Text("calc.sh subtracted; now it adds and check.sh passes.")))) {
      CodexRun run = codex(server, repo, exec(PROMPT));
      run.save(STREAMS, "several-tools");
      assertThat(run.code()).as(run.toString()).isZero();
      assertThat(run.items("command_execution")).hasSize(4);
      assertThat(run.items("command_execution").get(1).path("exit_code").asInt()).isEqualTo(1);
      assertThat(run.events("turn.completed")).hasSize(1);
    }
  }

  @Test
  void commit_inLinkedWorktree_lands_asOrdinaryUserToo() throws Exception {
    for (String user : new String[] {null, "nobody:nogroup"}) {
      String task = user == null ? "t1" : "t2";
      git(repo, "worktree", "add", "-q", ".worktrees/" + task, "-b", "feature/" + task);
      Path wt = repo.resolve(".worktrees/" + task);
      Path bin = Files.createDirectories(root.resolve("bin"));
      Files.writeString(bin.resolve("porch"), "#!/bin/sh\necho \"$@\" > \"$PWD/.porch-complete\"\n");
      bin.resolve("porch").toFile().setExecutable(true, false);
      if (user != null) {
        sh(root, "chown", "-R", user, root.toString());
      }
      String cmd = FIX + " && git add calc.sh && git commit -qm fix && porch complete --summary fixed";
      try (ScriptedModelServer server = ScriptedModelServer.start(cli.wire(),
          Scenario.forAll(new Step.Shell(cmd), new Step.Text("Committed.")))) {
        Map<String, String> env = env(server);
        env.put("PATH", bin + ":" + env.get("PATH"));
        CodexRun run = CodexRun.run(wt, env, user, LIMIT, exec(PROMPT));
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.items("command_execution").get(0).path("exit_code").asInt()).as(run.toString()).isZero();
        assertThat(git(repo, "log", "-1", "--format=%s", "feature/" + task)).isEqualTo("fix");
        assertThat(Files.readString(wt.resolve(".porch-complete"))).contains("complete --summary fixed");
      }
    }
  }

  @Test
  void workspaceWriteSandbox_cannotCommitInLinkedWorktree() throws Exception {
    git(repo, "worktree", "add", "-q", ".worktrees/t1", "-b", "feature/t1");
    Path wt = repo.resolve(".worktrees/t1");
    try (ScriptedModelServer server = ScriptedModelServer.start(cli.wire(), Scenario.forAll(
        new Step.Shell(FIX + " && git add calc.sh && git commit -qm fix"), new Step.Text("Tried.")))) {
      CodexRun run = codex(server, wt, List.of("exec", "--json", "-s", "workspace-write", PROMPT));
      assertThat(run.code()).as(run.toString()).isZero();
      // the command's output as codex sent it back to the model: the stream's command_execution item
      // for a sandbox-denied command is missing in about 1 run of 3 (codex 0.171.0)
      assertThat(server.turns()).hasSize(2);
      assertThat(server.turns().get(1).body()).contains("index.lock").contains("Read-only file system");
      assertThat(git(repo, "log", "-1", "--format=%s", "feature/t1")).isEqualTo("init");
    }
  }

  @Test
  void rateLimit_withoutRetryAfter_givesUpAtOnce() throws Exception {
    try (ScriptedModelServer server = ScriptedModelServer.start(new OpenAiResponsesWire(),
        Scenario.forAll(Step.error(429), new Step.Text("after the 429")))) {
      CodexRun run = codex(server, repo, exec(PROMPT));
      run.save(STREAMS, "rate-limit-429-no-retry-after");
      assertThat(run.code()).as(run.toString()).isEqualTo(1);
      assertThat(run.events("turn.failed").get(0).path("error").path("message").asText())
          .isEqualTo("exceeded retry limit, last status: 429 Too Many Requests");
      assertThat(server.turns()).hasSize(1);
    }
  }

  @Test
  void rateLimit_withRetryAfter_retriesThenSucceeds() throws Exception {
    try (ScriptedModelServer server = ScriptedModelServer.start(OpenAiResponsesWire.withRetryAfter(1),
        Scenario.forAll(Step.error(429), new Step.Text("after the 429")))) {
      CodexRun run = codex(server, repo, exec(PROMPT));
      run.save(STREAMS, "rate-limit-429-then-ok");
      assertThat(run.code()).as(run.toString()).isZero();
      assertThat(run.events("error").get(0).path("message").asText())
          .startsWith("Reconnecting... 1/5").contains("429 Too Many Requests");
      assertThat(run.items("agent_message").get(0).path("text").asText()).isEqualTo("after the 429");
      assertThat(server.turns()).hasSize(2);
    }
  }

  @Test
  void unauthorized_retriesFiveTimesThenExits1() throws Exception {
    List<Step> errors = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      errors.add(Step.error(401));
    }
    try (ScriptedModelServer server = ScriptedModelServer.start(cli.wire(), Scenario.forAll(errors.toArray(Step[]::new)))) {
      CodexRun run = codex(server, repo, exec(PROMPT));
      run.save(STREAMS, "unauthorized-401");
      assertThat(run.code()).as(run.toString()).isEqualTo(1);
      assertThat(run.events("turn.failed").get(0).path("error").path("message").asText())
          .startsWith("unexpected status 401 Unauthorized: scripted 401");
      assertThat(server.turns()).hasSize(6);
      System.err.println("codex 401: " + String.format("%.1f", run.seconds()) + "s, " + server.turns().size() + " requests");
    }
  }

  @Test
  void missingKey_exits1AtOnce() throws Exception {
    try (ScriptedModelServer server = ScriptedModelServer.start(cli.wire(), Scenario.forAll(new Step.Text("never")))) {
      Map<String, String> env = env(server);
      env.remove("OPENAI_API_KEY");
      CodexRun run = CodexRun.run(repo, env, null, LIMIT, exec(PROMPT));
      run.save(STREAMS, "missing-key");
      assertThat(run.code()).as(run.toString()).isEqualTo(1);
      assertThat(run.events("turn.failed").get(0).path("error").path("message").asText())
          .isEqualTo("Missing environment variable: `OPENAI_API_KEY`.");
      assertThat(server.turns()).isEmpty();
    }
  }

  @Test
  void resume_sendsEarlierTurns_sameThread() throws Exception {
    try (ScriptedModelServer server = ScriptedModelServer.start(cli.wire(), Scenario.forAll(
        new Step.Shell("cat calc.sh"), new Step.Text("It subtracts; shall I fix it?"),
        new Step.Shell(FIX), new Step.Text("Fixed on resume.")))) {
      CodexRun first = codex(server, repo, exec(PROMPT));
      assertThat(first.code()).as(first.toString()).isZero();
      String thread = first.threadId();
      List<String> resume = new ArrayList<>(List.of("exec", "resume"));
      resume.addAll(CodexRun.HEADLESS);
      resume.addAll(List.of("--", thread, "Yes, fix it."));
      CodexRun second = codex(server, repo, resume);
      second.save(STREAMS, "resume");
      assertThat(second.code()).as(second.toString()).isZero();
      assertThat(second.threadId()).isEqualTo(thread);
      assertThat(Files.readString(repo.resolve("calc.sh"))).contains("$1 + $2");
      String resumed = server.turns().get(2).body();
      assertThat(resumed).contains("Fix calc.sh so that ./check.sh passes").contains("It subtracts; shall I fix it?")
          .contains("cat calc.sh").contains("Yes, fix it.");
      assertThat(server.turns().get(2).conversation()).isEqualTo("calc-1");
    }
  }

  @Test
  void truncatedStream_isRetried() throws Exception {
    try (ScriptedModelServer server = ScriptedModelServer.start(cli.wire(),
        Scenario.forAll(new Step.Truncated("partial"), new Step.Text("whole answer")))) {
      CodexRun run = codex(server, repo, exec(PROMPT));
      run.save(STREAMS, "truncated-then-ok");
      assertThat(run.code()).as(run.toString()).isZero();
      assertThat(run.items("agent_message").get(0).path("text").asText()).isEqualTo("whole answer");
      assertThat(server.turns()).hasSize(2);
    }
  }

  private static List<String> exec(String prompt) {
    List<String> args = new ArrayList<>(List.of("exec"));
    args.addAll(CodexRun.HEADLESS);
    args.addAll(List.of("--", prompt));
    return args;
  }

  private CodexRun codex(ScriptedModelServer server, Path cwd, List<String> args) throws Exception {
    return CodexRun.run(cwd, env(server), null, LIMIT, args);
  }

  private Map<String, String> env(ScriptedModelServer server) throws Exception {
    Map<String, String> env = new LinkedHashMap<>(PorchProcess.baseEnvironment(home));
    env.putAll(cli.environment(server, home));
    return env;
  }

  private String git(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "safe.directory=*", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("GIT_CONFIG_GLOBAL", home.resolve(".gitconfig").toString());
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    return waitFor(pb, cmd);
  }

  private static void sh(Path dir, String... cmd) throws Exception {
    waitFor(new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true), List.of(cmd));
  }

  private static String waitFor(ProcessBuilder pb, List<String> cmd) throws IOException, InterruptedException {
    Process p = pb.redirectInput(Path.of("/dev/null").toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(cmd + " failed: " + out);
    }
    return out;
  }
}
