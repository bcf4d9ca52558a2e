package dev.porch.realcli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs porch's own jar ({@code orchestrator-cli/target/porch.jar}) as a separate process, the way a
 * user does, with a clean environment: the real CLIs first on PATH, git's and the CLIs' config
 * isolated under {@code home}. Optionally as another (ordinary) user through {@code setpriv}.
 */
public final class PorchProcess {
  /** What one porch command printed and returned. */
  public record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private PorchProcess() {}

  /** The porch jar under test. */
  public static Path jar() {
    return Path.of(System.getProperty("porch.jar", "../orchestrator-cli/target/porch.jar")).toAbsolutePath().normalize();
  }

  /**
   * The base environment of a porch run: PATH with the real CLIs first, HOME and git config under
   * {@code home}, a UTF-8 locale.
   */
  public static Map<String, String> baseEnvironment(Path home) throws IOException, InterruptedException {
    Map<String, String> env = new LinkedHashMap<>();
    // porch's own launcher first, so agents can run `porch complete` as the instructions say
    env.put("PATH", jar().getParent() + ":" + RealClis.binDir() + ":" + javaHome().resolve("bin") + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("GIT_CONFIG_GLOBAL", home.resolve(".gitconfig").toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("LC_ALL", "C.UTF-8");
    env.put("TERM", "dumb");
    env.put("NO_COLOR", "1");
    env.put("CI", "true");
    return env;
  }

  /** {@code setpriv} switching to {@code user} and its own group (nobody's is nogroup). */
  public static List<String> asUser(String user) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("id", "-gn", user).redirectErrorStream(true).start();
    String group = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("no group for user " + user + ": " + group);
    }
    return List.of("setpriv", "--reuid=" + user, "--regid=" + group, "--init-groups");
  }

  static Path javaHome() {
    return Path.of(System.getProperty("java.home"));
  }

  /**
   * Runs {@code porch args...} in {@code cwd} with exactly {@code env}.
   *
   * @param user run as this user name through setpriv (porch runs as root otherwise), or null
   */
  public static Result run(Path cwd, Map<String, String> env, String user, Duration limit, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (user != null) {
      cmd.addAll(asUser(user));
    }
    cmd.add(javaHome().resolve("bin").resolve("java").toString());
    cmd.addAll(List.of("-jar", jar().toString()));
    cmd.addAll(List.of(args));
    CliRun r = CliRun.run(cwd, env, limit, cmd);
    return new Result(r.code(), r.out(), r.err());
  }
}
