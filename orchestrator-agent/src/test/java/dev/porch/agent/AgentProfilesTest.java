package dev.porch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.error.PorchException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentProfilesTest {
  @Test
  void builtIn_hasTheNineProfilesWithNonInteractiveFlags() {
    AgentProfiles p = AgentProfiles.builtIn();

    assertThat(p.names()).containsExactly("aider", "amp", "claude", "codex", "cursor-agent", "custom", "gemini", "opencode",
        "qwen-code");
    assertThat(p.get("claude").orElseThrow().command()).startsWith("claude", "-p", "{prompt}");
    assertThat(p.get("codex").orElseThrow().command()).startsWith("codex", "exec").contains("{prompt}");
    assertThat(p.get("gemini").orElseThrow().command()).startsWith("gemini").contains("--prompt", "{prompt}");
    assertThat(p.get("aider").orElseThrow().command()).contains("--message-file", "{prompt_file}", "--yes-always");
    assertThat(p.get("opencode").orElseThrow().command())
        .containsExactly("opencode", "run", "--format", "json", "--auto", "--", "{prompt}");
    assertThat(p.get("qwen-code").orElseThrow().command()).startsWith("qwen", "--yolo").endsWith("{prompt}");
    assertThat(p.get("qwen-code").orElseThrow().stream()).contains("claude-stream-json");
    assertThat(p.get("amp").orElseThrow().command()).contains("--dangerously-allow-all", "-x", "{prompt}");
    assertThat(p.get("cursor-agent").orElseThrow().command()).contains("-p", "--force", "{prompt}");
    assertThat(p.get("custom").orElseThrow().runnable()).isFalse();
    assertThat(p.get("claude").orElseThrow().rateLimitPatterns()).isNotEmpty();
  }

  @Test
  void builtIn_verifiedProfilesStreamResumeAndSayHowToLogIn() {
    for (String name : java.util.List.of("claude", "codex", "gemini")) {
      AgentProfile p = AgentProfiles.builtIn().get(name).orElseThrow();
      assertThat(p.stream()).as(name).isPresent();
      assertThat(p.sessions().resume()).as(name).contains("{session}", "{prompt}");
      assertThat(p.sessions().interactiveResume()).as(name).contains("{session}");
      assertThat(p.login().hint()).as(name).isPresent();
      assertThat(p.login().failurePatterns()).as(name).isNotEmpty();
      assertThat(p.version()).as(name).containsExactly(name, "--version");
      assertThat(p.command()).as(name + ": refuses root").doesNotContain("--dangerously-skip-permissions");
    }
    assertThat(AgentProfiles.builtIn().get("codex").orElseThrow().command()).doesNotContain("--full-auto");
  }

  @Test
  void parse_overrideInheritsWhatItLeavesOut() {
    AgentProfiles p = AgentProfiles.builtIn().with(AgentProfiles.parse("""
        {"claude": {"command": ["claude", "-p", "{prompt}", "--dangerously-skip-permissions"], "env": {"A": "1"}},
         "mine": {"command": ["my-agent", "{prompt_file}"], "stdin": true, "rate_limit_patterns": ["slow down"]}}
        """));

    AgentProfile claude = p.get("claude").orElseThrow();
    assertThat(claude.command()).endsWith("--dangerously-skip-permissions");
    assertThat(claude.environment()).isEqualTo(Map.of("A", "1"));
    assertThat(claude.rateLimitPatterns()).isEqualTo(AgentProfiles.builtIn().get("claude").orElseThrow().rateLimitPatterns());
    AgentProfile mine = p.get("mine").orElseThrow();
    assertThat(mine.stdin()).isTrue();
    assertThat(mine.rateLimitPatterns()).containsExactly("slow down");
    assertThat(p.get("codex")).isPresent();
  }

  @Test
  void parse_sandboxNeeds_addToTheProgramsBuiltInOnes() {
    AgentProfiles p = AgentProfiles.builtIn().with(AgentProfiles.parse("""
        {"claude": {"command": ["claude", "-p", "{prompt}"],
                    "sandbox": {"network": ["llm-gateway.corp.example:8443"], "env": ["HTTPS_CA_BUNDLE"],
                                "writable": ["~/.cache/corp"]}}}
        """));

    SandboxNeeds needs = SandboxNeeds.of(p.get("claude").orElseThrow());

    assertThat(needs.network()).containsExactly("api.anthropic.com:443", "llm-gateway.corp.example:8443");
    assertThat(needs.environment()).startsWith("ANTHROPIC_API_KEY").endsWith("HTTPS_CA_BUNDLE");
    assertThat(needs.writable()).contains("~/.claude", "~/.cache/corp");
    assertThat(SandboxNeeds.of(AgentProfiles.builtIn().get("claude").orElseThrow()))
        .isEqualTo(SandboxNeeds.builtIn("claude"));
    assertThatThrownBy(() -> AgentProfiles.parse("{\"claude\": {\"sandbox\": {\"network\": [\"https://api.x.com\"]}}}"))
        .isInstanceOf(PorchException.class).hasMessageContaining("profile 'claude'")
        .hasMessageContaining("'https://api.x.com' is not host:port");
    assertThatThrownBy(() -> AgentProfiles.parse("{\"claude\": {\"sandbox\": {\"hosts\": []}}}"))
        .isInstanceOf(PorchException.class).hasMessageContaining("unknown field 'hosts'");
  }

  @Test
  void parse_customCommand() {
    AgentProfiles p = AgentProfiles.builtIn().with(AgentProfiles.parse("{\"custom\": {\"command\": [\"x\", \"{prompt}\"]}}"));
    assertThat(p.get("custom").orElseThrow().runnable()).isTrue();
  }

  @Test
  void parse_errorsNameProfileAndField() {
    assertThatThrownBy(() -> AgentProfiles.parse("{\"new\": {}}"))
        .isInstanceOf(PorchException.class).hasMessageContaining("'new'").hasMessageContaining("command");
    assertThatThrownBy(() -> AgentProfiles.parse("{\"claude\": {\"comand\": []}}"))
        .isInstanceOf(PorchException.class).hasMessageContaining("unknown field 'comand'");
    assertThatThrownBy(() -> AgentProfiles.parse("{\"claude\": {\"command\": \"claude -p\"}}"))
        .isInstanceOf(PorchException.class).hasMessageContaining("array of strings");
    assertThatThrownBy(() -> AgentProfiles.parse("{\"claude\": {\"rate_limit_patterns\": [\"(\"]}}"))
        .isInstanceOf(PorchException.class).hasMessageContaining("not a regular expression");
    assertThatThrownBy(() -> AgentProfiles.parse("{\"claude\": {\"stdin\": \"yes\"}}"))
        .isInstanceOf(PorchException.class).hasMessageContaining("stdin");
    assertThatThrownBy(() -> AgentProfiles.parse("[1]")).isInstanceOf(PorchException.class);
    assertThatThrownBy(() -> AgentProfiles.parse("{")).isInstanceOf(PorchException.class).hasMessageContaining("invalid JSON");
  }

  @Test
  void of_duplicateNames() {
    AgentProfile a = AgentProfile.of("a", List.of("x"));
    assertThatThrownBy(() -> AgentProfiles.of(List.of(a, a))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void profile_blankProgram() {
    assertThatThrownBy(() -> AgentProfile.of("a", List.of(" "))).isInstanceOf(IllegalArgumentException.class);
  }
}
