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

  /** The facts the built-in profiles carry (or will), with claude's command as given. */
  private void config(List<String> claudeCommand) throws Exception {
    Files.writeString(repo.resolve(".porch.json"), json.writeValueAsString(Map.of("agents", Map.of(
        "claude", Map.of("command", claudeCommand, "version", List.of("claude", "--version"),
            "login", Map.of("env", List.of("ANTHROPIC_API_KEY"), "files", List.of("~/.claude/.credentials.json"),
                "hint", "run `claude` once to log in, or set ANTHROPIC_API_KEY")),
        "codex", Map.of("command", List.of("codex", "exec", "{prompt}"), "version", List.of("codex", "--version")),
        "gemini", Map.of("command", List.of("gemini", "--yolo", "-p", "{prompt}"),
            "version", List.of("gemini", "--version"))))));
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
    config(List.of("claude", "-p", "{prompt}", "--permission-mode", "acceptEdits"));

    PorchProcess.Result r = PorchProcess.run(repo, env, null, Duration.ofMinutes(2), "doctor", "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode doc = json.readTree(r.out());
    assertThat(check(doc, "claude", "version").get("detail").asText()).isEqualTo("2.1.197 (Claude Code)");
    assertThat(check(doc, "codex", "version").get("detail").asText()).isEqualTo("codex-cli 0.171.0");
    assertThat(check(doc, "gemini", "version").get("detail").asText()).isEqualTo("0.61.0");
    assertThat(check(doc, "claude", "login").get("status").asText()).isEqualTo("warn");
    assertThat(check(doc, "gemini", "trust").get("status").asText()).isEqualTo("warn");
    assertThat(check(doc, "codex", "home").get("status").asText()).isEqualTo("warn");
  }

  @Test
  void doctor_bypassFlagAsRoot_failsAndAsAnOrdinaryUserDoesNot() throws Exception {
    config(List.of("claude", "-p", "{prompt}", "--dangerously-skip-permissions"));
    // nobody (uid 65534: setpriv wants numbers, there is no group called nobody) must be able to
    // read the repository and run git in it
    for (Path p : List.of(tmp, tmp.resolve("home"), repo)) {
      Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    }
    env.put("GIT_CONFIG_PARAMETERS", "'safe.directory=*'");

    PorchProcess.Result root = PorchProcess.run(repo, env, null, Duration.ofMinutes(2), "doctor");
    PorchProcess.Result nobody = PorchProcess.run(repo, env, "65534", Duration.ofMinutes(2), "doctor", "--json");

    assertThat(root.code()).as(root.toString()).isEqualTo(1);
    assertThat(root.out()).containsPattern("claude root +FAIL +--dangerously-skip-permissions is refused");
    assertThat(nobody.code()).as(nobody.toString()).isZero();
    assertThat(json.readTree(nobody.out()).toString()).doesNotContain("\"check\":\"root\"");
  }
}
