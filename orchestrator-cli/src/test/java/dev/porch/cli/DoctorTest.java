package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code porch doctor} with fake {@code claude} and {@code codex} programs on a PATH the test
 * controls and a HOME of its own: the environment map given to {@link Porch#run} is what the checks
 * see.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fake claude and codex are POSIX shell scripts")
class DoctorTest {
  private final ObjectMapper json = new ObjectMapper();
  @TempDir Path tmp;
  GitRepo repo;
  Path bin;
  Path home;
  Map<String, String> env;

  @BeforeEach
  void setUp() throws Exception {
    repo = GitRepo.create(tmp.resolve("repo"));
    bin = Files.createDirectories(tmp.resolve("bin"));
    home = Files.createDirectories(tmp.resolve("home"));
    env = new HashMap<>(Map.of("PATH", bin.toString(), "HOME", home.toString()));
    script("claude", "echo '2.1.197 (Claude Code)'");
    script("codex", "printf 'codex-cli 0.171.0\\n'");
    // the facts the built-in profiles will carry, pinned here so the test does not depend on them
    repo.write(".porch.json", json.writeValueAsString(Map.of("agents", Map.of(
        "claude", Map.of("command", List.of("claude", "-p", "{prompt}"), "version", List.of("claude", "--version"),
            "login", Map.of("env", List.of("ANTHROPIC_API_KEY"), "files", List.of("~/.claude/.credentials.json"),
                "hint", "run `claude` once to log in, or set ANTHROPIC_API_KEY")),
        "codex", Map.of("command", List.of("codex", "exec", "{prompt}"), "version", List.of("codex", "--version"),
            "login", Map.of("env", List.of("OPENAI_API_KEY"), "files", List.of("~/.codex/auth.json"),
                "hint", "run `codex login` or set OPENAI_API_KEY"))))));
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "porch config");
  }

  private void script(String name, String body) throws IOException {
    Path p = bin.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void doctor_readyRepository_exitsZero_json() throws Exception {
    assertThat(Cli.run(repo.dir, "init").code()).isZero();
    env.put("ANTHROPIC_API_KEY", "sk-test");

    Cli.Result r = Cli.run(repo.dir, env, "doctor", "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode doc = json.readTree(r.out());
    assertThat(doc.get("ok").asBoolean()).isTrue();
    // the git found differs per machine: its line keeps its shape only
    ObjectNode git = (ObjectNode) doc.get("checks").get(0);
    assertThat(git.get("check").asText()).isEqualTo("git");
    assertThat(git.get("detail").asText()).matches("2\\.\\d+(\\.\\d+)?");
    git.put("detail", "<git version>");
    // so does the sandbox (bwrap on Linux, sandbox-exec on macOS); the agents' PATH here has no bwrap
    ObjectNode sandbox = (ObjectNode) doc.get("checks").get(5);
    assertThat(sandbox.get("check").asText()).isEqualTo("sandbox");
    assertThat(sandbox.get("detail").asText()).endsWith("; policy off");
    sandbox.put("detail", "<sandbox>; policy off");
    new Golden(repo.dir, tmp).check("doctor", doc);
  }

  @Test
  void doctor_text_showsEachCheckTheFixesAndTheVerdict() throws Exception {
    assertThat(Cli.run(repo.dir, "init").code()).isZero();

    Cli.Result r = Cli.run(repo.dir, env, "doctor");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("CHECK", "STATUS", "DETAIL")
        .containsPattern("claude +ok +" + bin.resolve("claude"))
        .containsPattern("claude version +ok +2\\.1\\.197 \\(Claude Code\\)")
        .containsPattern("claude login +warn +no key or login found \\(looked for ANTHROPIC_API_KEY,\n +~/.claude/.credentials.json\\)")
        .containsPattern("codex home +warn +codex's home ")
        .contains("  codex home: set CODEX_HOME to a folder outside")
        .containsPattern("gemini +warn +gemini not found on the PATH \\(not installed\\)")
        .contains("To fix:", "  claude login: run `claude` once to log in, or set ANTHROPIC_API_KEY")
        .contains("porch is ready to run claude here.");
    assertThat(r.out().lines()).allMatch(l -> l.length() <= 80, "fits in 80 columns");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void doctor_defaultAgentMissing_failsWithAFix_exitOne() throws Exception {
    Files.delete(bin.resolve("claude"));

    Cli.Result r = Cli.run(repo.dir, env, "doctor");

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).containsPattern("claude +FAIL +claude not found on the PATH")
        .contains("claude: install claude, or choose another agent")
        .contains("1 check failed");
  }

  @Test
  void doctor_notInitialised_warnsAboutTheExcludes_butPasses() {
    Cli.Result r = Cli.run(repo.dir, env, "doctor");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("excluded +warn +\\.worktrees/ and \\.agent-status/ not excluded from git")
        .contains("excluded: run 'porch init'");
  }

  @Test
  void doctor_outsideARepository_failsThere_andDashCPointsAtOne() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("elsewhere"));

    Cli.Result r = Cli.run(outside, env, "doctor", "--json");
    Cli.Result withC = Cli.run(outside, env, "-C", repo.dir.toString(), "doctor", "--json");

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    JsonNode doc = json.readTree(r.out());
    assertThat(doc.get("repository").isNull()).isTrue();
    assertThat(doc.get("checks").get(1).get("check").asText()).isEqualTo("repository");
    assertThat(doc.get("checks").get(1).get("status").asText()).isEqualTo("FAIL");
    assertThat(withC.code()).as(withC.toString()).isZero();
    assertThat(json.readTree(withC.out()).get("repository").asText()).isEqualTo(repo.dir.toRealPath().toString());
  }

  @Test
  void doctor_versionOutputWithEscapes_isShownStripped() throws Exception {
    script("claude", "printf '\\033]0;title\\007\\033[1;32m2.1.197\\033[0m \\033[31mred\\n'");

    Cli.Result r = Cli.run(repo.dir, env, "doctor", "--json");

    JsonNode version = json.readTree(r.out()).get("checks").findParents("check").stream()
        .filter(c -> c.get("check").asText().equals("version") && c.get("agent").asText().equals("claude"))
        .findFirst().orElseThrow();
    assertThat(version.get("detail").asText()).isEqualTo("2.1.197 red");
  }
}
