package dev.porch.realcli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Claude Code (the {@code claude} profile) against the scripted model: the Anthropic Messages API
 * at {@code ANTHROPIC_BASE_URL}, any key in {@code ANTHROPIC_API_KEY}. Claude Code needs no config
 * file to run headless; {@code ~/.claude.json} is written anyway so an interactive session
 * ({@code porch attach}) skips onboarding and the "use this API key?" question.
 */
public final class ClaudeCli implements RealCli {
  /** The key the scripted server accepts (it checks none). */
  public static final String KEY = "sk-ant-scripted-0123456789abcdefghij";

  @Override
  public String profile() {
    return "claude";
  }

  @Override
  public Wire wire() {
    return new AnthropicWire();
  }

  @Override
  public Map<String, String> environment(ScriptedModelServer server, Path home) throws IOException {
    // claude approves a custom key by its last 20 characters
    Files.writeString(home.resolve(".claude.json"), "{\"hasCompletedOnboarding\":true,\"customApiKeyResponses\":"
        + "{\"approved\":[\"" + KEY.substring(KEY.length() - 20) + "\"],\"rejected\":[]}}\n");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ANTHROPIC_BASE_URL", server.baseUrl().toString());
    env.put("ANTHROPIC_API_KEY", KEY);
    // no telemetry, error reports or update checks: the scripted server is the only peer
    env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
    return env;
  }

  @Override
  public Step.HttpError error(int status) {
    return status == 429 ? new Step.HttpError(429, AnthropicWire.RATE_LIMITED)
        : status == 401 ? new Step.HttpError(401, AnthropicWire.INVALID_KEY) : RealCli.super.error(status);
  }
}
