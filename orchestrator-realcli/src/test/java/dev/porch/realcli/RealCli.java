package dev.porch.realcli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * One real agent CLI as porch's real-cli tests drive it: the porch profile that runs it, the wire
 * format its model API speaks, and the environment that points it at the scripted model server.
 * Only the endpoint, the key and the CLI's own config home come from here: the command line is
 * porch's built-in profile, unchanged.
 */
public interface RealCli {
  /** The porch profile name: {@code claude}, {@code codex} or {@code gemini}. */
  String profile();

  /** The model API the CLI calls. */
  Wire wire();

  /**
   * Prepares {@code home} (a fresh, empty folder that becomes the agent's HOME) with what the CLI
   * needs to call {@code server} (its config files), and returns the variables to add to the
   * agent's environment (endpoint, key, config home). Must not touch the real user's home.
   *
   * @param server the running scripted model
   * @param home the agent's home, owned by the user the agent runs as
   * @return variables for the agent's environment (HOME is set by the caller)
   * @throws IOException if the config cannot be written
   */
  Map<String, String> environment(ScriptedModelServer server, Path home) throws IOException;

  /** An HTTP error with the body this CLI's API sends for {@code status} (429 rate limit, 401 bad key). */
  default Step.HttpError error(int status) {
    return (Step.HttpError) Step.error(status);
  }
}
