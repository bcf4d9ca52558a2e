package dev.porch.realcli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real agent CLIs (claude, codex, gemini) at the exact versions of this module's
 * {@code npm/package.json} and {@code npm/package-lock.json}, installed once per machine by {@code
 * npm ci} into a cache outside the clone and outside /tmp: {@code $PORCH_REAL_CLI_CACHE}, else
 * {@code /var/cache/porch/real-cli} when running as root (so an ordinary user can run them too),
 * else {@code ~/.cache/porch/real-cli}. A folder per lock file's hash: a second run installs
 * nothing. A failed install throws with npm's error in one line; it is never a silent skip.
 */
public final class RealClis {
  private static final String RESOURCES = "/dev/porch/realcli/npm/";
  private static final Duration INSTALL_LIMIT = Duration.ofMinutes(8);
  private static Path installed;

  private RealClis() {}

  /** The folder whose {@code node_modules/.bin} holds claude, codex and gemini; installs them first if needed. */
  public static synchronized Path home() throws IOException, InterruptedException {
    if (installed != null) {
      return installed;
    }
    byte[] pkg = resource("package.json");
    byte[] lock = resource("package-lock.json");
    Path dir = cacheRoot().resolve(hash(pkg, lock));
    Files.createDirectories(dir);
    try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = ch.lock()) {
      if (!Files.exists(dir.resolve(".installed"))) {
        Files.write(dir.resolve("package.json"), pkg);
        Files.write(dir.resolve("package-lock.json"), lock);
        npmCi(dir);
        Files.writeString(dir.resolve(".installed"), "ok\n");
      }
    }
    installed = dir;
    return dir;
  }

  /** The path of an installed CLI's launcher, e.g. {@code bin("claude")}. */
  public static Path bin(String name) throws IOException, InterruptedException {
    return home().resolve("node_modules").resolve(".bin").resolve(name);
  }

  /** The folder of the CLIs' launchers, to put first on an agent's PATH. */
  public static Path binDir() throws IOException, InterruptedException {
    return home().resolve("node_modules").resolve(".bin");
  }

  static Path cacheRoot() {
    String env = System.getenv("PORCH_REAL_CLI_CACHE");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    if ("root".equals(System.getProperty("user.name"))) {
      return Path.of("/var/cache/porch/real-cli");
    }
    // surefire points user.home at target/test-home-N; the pom passes the real one
    return Path.of(System.getProperty("porch.real.home", System.getProperty("user.home")), ".cache", "porch", "real-cli");
  }

  private static void npmCi(Path dir) throws IOException, InterruptedException {
    Path log = dir.resolve("npm-ci.log");
    Process p = new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"))
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    p.getOutputStream().close();
    if (!p.waitFor(INSTALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IOException("npm ci of the real agent CLIs did not finish in " + INSTALL_LIMIT + " (log: " + log + ")");
    }
    if (p.exitValue() != 0) {
      String first = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
          .filter(l -> l.contains("ERR") || l.contains("error")).findFirst().orElse("exit " + p.exitValue());
      throw new IOException("npm ci of the real agent CLIs failed: " + first.strip() + " (log: " + log + ")");
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = RealClis.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IOException("missing test resource " + RESOURCES + name);
      }
      return in.readAllBytes();
    }
  }

  private static String hash(byte[] pkg, byte[] lock) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(pkg);
      d.update(lock);
      return "v-" + HexFormat.of().formatHex(d.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
