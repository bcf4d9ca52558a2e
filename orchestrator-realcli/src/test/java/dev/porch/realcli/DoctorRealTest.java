package dev.porch.realcli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code porch doctor} against the real claude, codex and gemini: their version commands answer in
 * time, a codex warning before the version is skipped, and the traps are found (no login, Gemini's
 * folder trust, Codex's home under /tmp, Claude's bypass flag as root).
 */
@Tag("real-cli")
class DoctorRealTest {
  private final ObjectMapper json = new ObjectMapper();
  @TempDir Path tmp;
  Path repo;
  Map<String, String> env;

  @BeforeEach
  void setUp() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    env = PorchProcess.baseEnvironment(home);
    repo = Files.createDirectories(tmp.resolve("repo"));
    git("init", "-q", "-b", "main");
    git("-c", "user.name=t", "-c", "user.email=t@porch.invalid", "commit", "-q", "--allow-empty", "-m", "init");
  }

  private void git(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).isZero();
  }

  /**
   * The built-in profiles, with gemini's version command (until its profile carries one) and,
   * when given, claude's command.
   */
  private void config(List<String> claudeCommand) throws Exception {
    Map<String, Object> agents = new java.util.LinkedHashMap<>();
    agents.put("gemini", Map.of("version", List.of("gemini", "--version")));
    if (claudeCommand != null) {
      agents.put("claude", Map.of("command", claudeCommand));
    }
    Files.writeString(repo.resolve(".porch.json"), json.writeValueAsString(Map.of("agents", agents)));
  }

  private JsonNode check(JsonNode doc, String agent, String check) {
    for (JsonNode c : doc.get("checks")) {
      if (agent.equals(c.get("agent").asText(null)) && check.equals(c.get("check").asText())) {
        return c;
      }
    }
    throw new AssertionError("no " + agent + " " + check + " in " + doc);
  }

  @Test
  void doctor_readsTheRealVersions_andFindsTheTraps() throws Exception {
    config(null);

    PorchProcess.Result r = PorchProcess.run(repo, env, null, Duration.ofMinutes(2), "doctor", "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode doc = json.readTree(r.out());
    assertThat(check(doc, "claude", "version").get("detail").asText()).isEqualTo("2.1.197 (Claude Code)");
    assertThat(check(doc, "codex", "version").get("detail").asText()).isEqualTo("codex-cli 0.171.0");
    assertThat(check(doc, "gemini", "version").get("detail").asText()).isEqualTo("0.61.0");
    assertThat(check(doc, "claude", "login").get("status").asText()).isEqualTo("warn");
    assertThat(check(doc, "gemini", "trust").get("status").asText()).as("the built-in profile passes --skip-trust")
        .isEqualTo("ok");
    assertThat(check(doc, "codex", "home").get("status").asText()).isEqualTo("warn");
  }

  @Test
  void doctor_bypassFlagAsRoot_failsAndAsAnOrdinaryUserDoesNot() throws Exception {
    config(List.of("claude", "-p", "{prompt}", "--dangerously-skip-permissions"));
    // nobody must be able to read the repository and run git in it
    for (Path p : List.of(tmp, tmp.resolve("home"), repo)) {
      Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    }
    env.put("GIT_CONFIG_PARAMETERS", "'safe.directory=*'");

    PorchProcess.Result root = PorchProcess.run(repo, env, null, Duration.ofMinutes(2), "doctor");
    PorchProcess.Result nobody = PorchProcess.run(repo, env, "nobody", Duration.ofMinutes(2), "doctor", "--json");

    assertThat(root.code()).as(root.toString()).isEqualTo(1);
    assertThat(root.out()).containsPattern("claude root +FAIL +--dangerously-skip-permissions is refused");
    assertThat(nobody.code()).as(nobody.toString()).isZero();
    assertThat(json.readTree(nobody.out()).toString()).doesNotContain("\"check\":\"root\"");
  }
}
