package dev.porch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.agent.ProfileCheck.Finding;
import dev.porch.agent.ProfileCheck.Host;
import dev.porch.agent.ProfileCheck.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@link ProfileCheck} against fake CLIs: real scripts on a PATH the test controls. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fake CLIs are POSIX shell scripts")
class ProfileCheckTest {
  @TempDir Path tmp;
  Path bin;
  Path home;
  Map<String, String> env;

  @BeforeEach
  void setUp() throws IOException {
    bin = Files.createDirectories(tmp.resolve("bin"));
    home = Files.createDirectories(tmp.resolve("home"));
    env = new HashMap<>(Map.of("PATH", bin + ":/usr/bin:/bin", "HOME", home.toString()));
  }

  private Path script(String name, String body) throws IOException {
    Path p = bin.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private Host host(boolean root) {
    return new Host(env, home, tmp.resolve("not-temp"), root, Duration.ofSeconds(5));
  }

  private static AgentProfile claude(String... extraArgs) {
    List<String> command = new java.util.ArrayList<>(List.of("claude", "-p", "{prompt}"));
    command.addAll(List.of(extraArgs));
    return new AgentProfile("claude", command, false, Map.of(), List.of(), Optional.empty(),
        AgentProfile.Sessions.NONE,
        new AgentProfile.Login(List.of("ANTHROPIC_API_KEY"), List.of("~/.claude/.credentials.json"), List.of(),
            Optional.of("run `claude` once to log in, or set ANTHROPIC_API_KEY")),
        List.of("claude", "--version"));
  }

  private static Finding find(List<Finding> fs, String check) {
    return fs.stream().filter(f -> f.check().equals(check)).findFirst().orElseThrow(() -> new AssertionError(check + " in " + fs));
  }

  @Test
  void check_installedWithKey_isAllOk() throws IOException {
    Path claude = script("claude", "printf '\\033[1m2.1.197 (Claude Code)\\033[0m\\nmore\\n'");
    env.put("ANTHROPIC_API_KEY", "sk-test");

    List<Finding> fs = ProfileCheck.check(claude(), true, host(false));

    assertThat(find(fs, "binary").detail()).isEqualTo(claude.toString());
    assertThat(find(fs, "version").detail()).isEqualTo("2.1.197 (Claude Code)");
    assertThat(find(fs, "login").detail()).isEqualTo("ANTHROPIC_API_KEY is set");
    assertThat(fs).allMatch(f -> f.level() == Level.OK);
  }

  @Test
  void check_missingProgram_failsWhenRequiredAndWarnsOtherwise() {
    List<Finding> required = ProfileCheck.check(claude(), true, host(false));
    List<Finding> optional = ProfileCheck.check(claude(), false, host(false));

    assertThat(required).singleElement().satisfies(f -> {
      assertThat(f.level()).isEqualTo(Level.FAIL);
      assertThat(f.detail()).contains("claude not found");
      assertThat(f.fix()).isPresent();
    });
    assertThat(optional).singleElement().satisfies(f -> {
      assertThat(f.level()).isEqualTo(Level.WARN);
      assertThat(f.detail()).contains("not installed");
      assertThat(f.fix()).isEmpty();
    });
  }

  @Test
  void check_loginFileUnderHome_counts_andNeitherWarnsWithTheHint() throws IOException {
    script("claude", "echo 1.0");
    Finding none = find(ProfileCheck.check(claude(), true, host(false)), "login");
    assertThat(none.level()).isEqualTo(Level.WARN);
    assertThat(none.fix()).contains("run `claude` once to log in, or set ANTHROPIC_API_KEY");

    Files.createDirectories(home.resolve(".claude"));
    Files.writeString(home.resolve(".claude/.credentials.json"), "{}");
    Finding file = find(ProfileCheck.check(claude(), true, host(false)), "login");
    assertThat(file.level()).isEqualTo(Level.OK);
    assertThat(file.detail()).isEqualTo("~/.claude/.credentials.json");
  }

  @Test
  void check_versionAfterAWarning_isTheVersionLine() throws IOException {
    script("claude", "echo 'WARNING: proceeding, even though we could not create PATH aliases'; echo 'codex-cli 0.171.0'");

    assertThat(find(ProfileCheck.check(claude(), true, host(false)), "version").detail()).isEqualTo("codex-cli 0.171.0");
  }

  @Test
  void check_versionThatHangs_isCutShortAndWarns() throws IOException {
    script("claude", "sleep 30");
    Host quick = new Host(env, home, tmp, false, Duration.ofMillis(300));
    long start = System.nanoTime();

    Finding v = find(ProfileCheck.check(claude(), true, quick), "version");

    assertThat(v.level()).isEqualTo(Level.WARN);
    assertThat(v.detail()).contains("no answer");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void check_bypassAsRoot_failsUnlessSandboxed() throws IOException {
    script("claude", "echo 2.1.197");
    AgentProfile bypass = claude("--dangerously-skip-permissions");

    assertThat(ProfileCheck.check(bypass, true, host(false))).noneMatch(f -> f.check().equals("root"));
    Finding root = find(ProfileCheck.check(bypass, true, host(true)), "root");
    assertThat(root.level()).isEqualTo(Level.FAIL);
    assertThat(root.fix().orElseThrow()).contains("ordinary user");
    assertThat(find(ProfileCheck.check(bypass, false, host(true)), "root").level()).isEqualTo(Level.WARN);

    env.put("IS_SANDBOX", "1");
    assertThat(find(ProfileCheck.check(bypass, true, host(true)), "root").level()).isEqualTo(Level.OK);
  }

  @Test
  void check_geminiTrust_isOkWithTheVariableOrTheFlag() throws IOException {
    script("gemini", "echo 0.61.0");
    AgentProfile plain = AgentProfile.of("gemini", List.of("gemini", "--yolo", "-p", "{prompt}"));
    AgentProfile flag = AgentProfile.of("gemini", List.of("gemini", "--skip-trust", "-p", "{prompt}"));
    AgentProfile variable = new AgentProfile("gemini", plain.command(), false,
        Map.of("GEMINI_CLI_TRUST_WORKSPACE", "true"), List.of());

    assertThat(find(ProfileCheck.check(plain, true, host(false)), "trust").level()).isEqualTo(Level.WARN);
    assertThat(find(ProfileCheck.check(flag, true, host(false)), "trust").level()).isEqualTo(Level.OK);
    assertThat(find(ProfileCheck.check(variable, true, host(false)), "trust").level()).isEqualTo(Level.OK);
  }

  @Test
  void check_codexHomeUnderATemporaryFolder_warns() throws IOException {
    script("codex", "echo codex-cli 0.171.0");
    AgentProfile codex = AgentProfile.of("codex", List.of("codex", "exec", "{prompt}"));
    Host tempHome = new Host(env, home, tmp, false, Duration.ofSeconds(5));

    Finding underTemp = find(ProfileCheck.check(codex, true, tempHome), "home");
    assertThat(underTemp.level()).isEqualTo(Level.WARN);
    assertThat(underTemp.detail()).contains("helper programs");
    env.put("CODEX_HOME", "/var/lib/codex-home");
    Finding set = find(ProfileCheck.check(codex, true, new Host(env, home, tmp, false, Duration.ofSeconds(5))), "home");
    assertThat(set.level()).isEqualTo(Level.OK);
    assertThat(set.detail()).isEqualTo("/var/lib/codex-home");
    env.put("TMPDIR", "/var/lib");
    assertThat(find(ProfileCheck.check(codex, true, new Host(env, home, tmp, false, Duration.ofSeconds(5))), "home")
        .level()).isEqualTo(Level.WARN);
  }

  @Test
  void which_followsPathOrder_andSkipsFilesThatCannotRun() throws IOException {
    Path second = Files.createDirectories(tmp.resolve("second"));
    Files.writeString(bin.resolve("tool"), "not executable");
    Path runnable = second.resolve("tool");
    Files.writeString(runnable, "#!/bin/sh\n");
    Files.setPosixFilePermissions(runnable, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThat(ProfileCheck.which("tool", Map.of("PATH", bin + ":" + second))).contains(runnable);
    assertThat(ProfileCheck.which("tool", Map.of())).isEmpty();
    assertThat(ProfileCheck.which(runnable.toString(), Map.of())).contains(runnable);
  }
}
