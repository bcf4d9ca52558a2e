package dev.porch.realcli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Gemini CLI run by porch itself ({@code porch compete} with two agents) with porch's
 * built-in gemini profile: both agents fix, test, commit and call the real {@code porch complete};
 * porch judges and merges one.
 */
@Tag("real-cli")
class GeminiPorchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /**
   * gemini's shell tool hides ~/.gitconfig; porch gives agents the user's identity in their
   * environment, so the agents' own commits land under the user's name.
   */
  @Test
  void compete_twoGeminiAgents_commitComplete_andOneIsMerged() throws Exception {
    Path repo = compete(true);
    assertThat(git(repo, "log", "--format=%an %s", "main")).contains("Dev fix");
  }

  /**
   * Without any identity the agents' own commits fail ("Author identity unknown"); porch then commits
   * what they left (committed_by_porch) and still merges the fix.
   */
  @Test
  void compete_withoutIdentity_porchCommitsTheLeftovers() throws Exception {
    Path repo = compete(false);
    assertThat(git(repo, "log", "--format=%an", "main")).contains("(via porch)");
  }

  private Path compete(boolean identity) throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Files.writeString(home.resolve(".gitconfig"), identity ? "[user]\n\tname = Dev\n\temail = dev@example.com\n" : "");
    script(repo.resolve("calc.sh"), "#!/bin/sh\necho $(($1 - $2))\n");
    script(repo.resolve("check.sh"), "#!/bin/sh\n[ \"$(./calc.sh 2 3)\" = 5 ] && echo ok || { echo FAIL; exit 1; }\n");
    GeminiCli cli = new GeminiCli();
    Step[] steps = {Step.shell("sed -i s/-/+/ calc.sh"), Step.shell("./check.sh"),
        Step.shell("git add -A && git commit -m fix"), Step.shell("porch complete --summary 'fixed calc'"),
        Step.text("Fixed and committed.")};
    try (ScriptedModelServer server = ScriptedModelServer.start(cli.wire(), Scenario.forAll(steps))) {
      Map<String, String> env = new LinkedHashMap<>(PorchProcess.baseEnvironment(home));
      env.put("PATH", PorchProcess.jar().getParent() + ":" + env.get("PATH"));
      env.putAll(cli.environment(server, home));
      env.put("TMPDIR", Files.createDirectories(tmp.resolve("tmp")).toString());
      git(repo, env, "init", "-q", "-b", "main");
      git(repo, env, "add", "-A");
      git(repo, env, "-c", "user.name=Init", "-c", "user.email=init@example.com", "commit", "-q", "-m", "init");
      PorchProcess.Result r = PorchProcess.run(repo, env, null, Duration.ofMinutes(6), "compete", "calc",
          "--agents", "2", "--agent", "gemini", "--test", "./check.sh", "--json",
          "--prompt", "Fix calc.sh so that ./check.sh passes. Commit, then run porch complete.");
      assertThat(r.code()).as(r.toString()).isZero();
      JsonNode report = JSON.readTree(r.out());
      assertThat(report.path("decision").path("verdict").asText()).isEqualTo("MERGE");
      assertThat(report.path("tasks")).extracting(t -> t.path("status").asText()).containsExactly("COMPLETE", "COMPLETE");
      assertThat(report.path("tasks")).extracting(t -> t.path("summary").asText()).containsOnly("fixed calc");
      assertThat(report.path("merges").get(0).path("status").asText()).isEqualTo("MERGED");
      assertThat(Files.readString(repo.resolve("calc.sh"))).contains("$1 + $2");
      assertThat(server.turns().stream().map(RecordedRequest::conversation).distinct()).hasSize(2);
      this.env = env;
      return repo;
    }
  }

  private Map<String, String> env;

  private String git(Path repo, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    return CliRun.run(repo, env, Duration.ofSeconds(30), cmd).out();
  }

  private static void script(Path file, String text) throws Exception {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static void git(Path dir, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    CliRun run = CliRun.run(dir, env, Duration.ofSeconds(30), cmd);
    assertThat(run.code()).as(run.toString()).isZero();
  }
}
