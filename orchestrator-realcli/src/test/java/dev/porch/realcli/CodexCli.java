package dev.porch.realcli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * codex-cli 0.171.0 against the scripted model server. codex ignores {@code OPENAI_BASE_URL}; it
 * needs a model provider in {@code $CODEX_HOME/config.toml} whose {@code base_url} is the server
 * and whose {@code wire_api} is {@code responses}. The key comes from the variable the provider's
 * {@code env_key} names ({@code OPENAI_API_KEY} here, any value).
 *
 * <p>{@code CODEX_HOME} must not lie under /tmp: codex then refuses to create the helper binaries
 * it puts on its commands' PATH ("WARNING: proceeding, even though we could not create PATH
 * aliases: Refusing to create helper binaries under temporary dir"; older versions' sandbox then
 * failed), so a home under the JVM's temporary folder is rejected here.
 */
public final class CodexCli implements RealCli {
  /** The provider id written into config.toml. */
  public static final String PROVIDER = "porch-scripted";
  /** The key the scripted provider sends (the server accepts any). */
  public static final String KEY = "sk-porch-scripted";

  @Override
  public String profile() {
    return "codex";
  }

  @Override
  public Wire wire() {
    // the OpenAI API sends retry-after with a 429; without it codex gives up after one try
    return OpenAiResponsesWire.withRetryAfter(1);
  }

  @Override
  public Map<String, String> environment(ScriptedModelServer server, Path home) throws IOException {
    Path codexHome = home.resolve(".codex");
    requireNotTemporary(codexHome);
    Files.createDirectories(codexHome);
    Files.writeString(codexHome.resolve("config.toml"), config(server), StandardCharsets.UTF_8);
    return Map.of("CODEX_HOME", codexHome.toString(), "OPENAI_API_KEY", KEY);
  }

  /** The config.toml that points codex at {@code server}. */
  static String config(ScriptedModelServer server) {
    return "model_provider = \"" + PROVIDER + "\"\n"
        + "check_for_update_on_startup = false\n"
        + "\n[model_providers." + PROVIDER + "]\n"
        + "name = \"porch scripted model\"\n"
        + "base_url = \"" + server.baseUrl() + "/v1\"\n"
        + "wire_api = \"responses\"\n"
        + "env_key = \"OPENAI_API_KEY\"\n";
  }

  static void requireNotTemporary(Path codexHome) {
    Path abs = codexHome.toAbsolutePath().normalize();
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    if (abs.startsWith(tmp) || abs.startsWith("/tmp")) {
      throw new IllegalArgumentException("CODEX_HOME " + abs + " is under a temporary folder; codex refuses to"
          + " create its helper binaries there and its sandbox fails: use a home outside /tmp");
    }
  }
}
