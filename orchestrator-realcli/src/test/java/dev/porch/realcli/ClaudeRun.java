package dev.porch.realcli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the real claude directly (not through porch) for the direct tests: a clean environment
 * like porch's, optionally as an ordinary user through setpriv, bounded by a time limit.
 */
final class ClaudeRun {
  private ClaudeRun() {}

  /**
   * Runs the real claude in {@code cwd} with porch's base environment, {@link ClaudeCli}'s
   * variables and {@code extra} ({@code PATH_PREFIX} is put before PATH).
   */
  static CliRun claude(ScriptedModelServer server, Path cwd, Path home, String user, Map<String, String> extra,
      Duration limit, List<String> args) throws IOException, InterruptedException {
    Files.createDirectories(home);
    Map<String, String> env = new java.util.LinkedHashMap<>(PorchProcess.baseEnvironment(home));
    env.putAll(new ClaudeCli().environment(server, home));
    extra.forEach((k, v) -> {
      if (k.equals("PATH_PREFIX")) {
        env.put("PATH", v + ":" + env.get("PATH"));
      } else {
        env.put(k, v);
      }
    });
    RealRepos.chown(home, user);
    List<String> cmd = new ArrayList<>();
    if (user != null) {
      // the user's own primary group: nobody's is nogroup
      cmd.addAll(PorchProcess.asUser(user));
    }
    cmd.add(RealClis.bin("claude").toString());
    cmd.addAll(args);
    return run(cwd, env, limit, cmd);
  }

  static CliRun run(Path cwd, Map<String, String> env, Duration limit, List<String> cmd)
      throws IOException, InterruptedException {
    return CliRun.run(cwd, env, limit, cmd);
  }
}
