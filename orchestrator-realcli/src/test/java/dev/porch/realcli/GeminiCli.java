package dev.porch.realcli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gemini CLI 0.61.0 against the scripted model: {@code GOOGLE_GEMINI_BASE_URL} points it at the
 * server, {@code GEMINI_API_KEY} is any string. With a base URL set and no settings the CLI picks
 * auth type "gateway", which headless mode rejects ("Invalid auth method selected.", exit 41), so
 * {@code ~/.gemini/settings.json} selects the API-key login explicitly.
 */
public final class GeminiCli implements RealCli {
  /** The key the scripted server accepts (it checks none). */
  public static final String KEY = "scripted-gemini-key";

  private static final String SETTINGS = """
      {
        "security": { "auth": { "selectedType": "gemini-api-key" } },
        "general": { "enableAutoUpdate": false, "enableAutoUpdateNotification": false },
        "privacy": { "usageStatisticsEnabled": false },
        "telemetry": { "enabled": false }
      }
      """;

  @Override
  public String profile() {
    return "gemini";
  }

  @Override
  public Wire wire() {
    return new GeminiWire();
  }

  @Override
  public Map<String, String> environment(ScriptedModelServer server, Path home) throws IOException {
    Path dir = Files.createDirectories(home.resolve(".gemini"));
    Files.writeString(dir.resolve("settings.json"), SETTINGS);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GOOGLE_GEMINI_BASE_URL", server.baseUrl().toString());
    env.put("GEMINI_API_KEY", KEY);
    return env;
  }

  /** The Gemini API's error body ({@code google.rpc.Status}). */
  @Override
  public Step.HttpError error(int status) {
    String name = status == 429 ? "RESOURCE_EXHAUSTED" : status == 401 ? "UNAUTHENTICATED" : "UNKNOWN";
    return new Step.HttpError(status, "{\"error\":{\"code\":" + status + ",\"message\":\"scripted " + status
        + "\",\"status\":\"" + name + "\"}}");
  }
}
