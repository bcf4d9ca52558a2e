package dev.porch.realcli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The small git project the real-CLI tests work on, and the file and git chores around it. */
final class RealRepos {
  private RealRepos() {}

  /** A git repository with a buggy {@code calc.sh} (it subtracts) and {@code check.sh} testing it. */
  static Path calcRepo(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    git(dir, "init", "-q", "-b", "main");
    git(dir, "config", "user.email", "agent@example.com");
    git(dir, "config", "user.name", "agent");
    Files.writeString(dir.resolve("calc.sh"), "#!/bin/sh\necho $(($1 - $2))\n");
    Files.writeString(dir.resolve("check.sh"),
        "#!/bin/sh\n[ \"$(./calc.sh 2 3)\" = 5 ] && echo ok || { echo FAIL; exit 1; }\n");
    for (String f : List.of("calc.sh", "check.sh")) {
      Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "init");
    return dir;
  }

  /** A stand-in {@code porch} that records its working folder and arguments in {@code porch-called.txt} beside it. */
  static Path fakePorch(Path bin) throws IOException {
    Files.createDirectories(bin);
    Path porch = bin.resolve("porch");
    Files.writeString(porch, "#!/bin/sh\necho \"$PWD $*\" > \"$(dirname \"$0\")/porch-called.txt\"\necho porch-ok\n");
    Files.setPosixFilePermissions(porch, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  /** Creates {@code dir}; for another user, lets that user through its parent (the test's temp folder). */
  static Path ownedDir(Path dir, String user) throws IOException {
    Files.createDirectories(dir);
    if (user != null) {
      Files.setPosixFilePermissions(dir.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return dir;
  }

  /** Gives {@code dir} (recursively) to {@code user}; nothing when user is null. */
  static void chown(Path dir, String user) throws IOException, InterruptedException {
    if (user != null) {
      CliRun r = CliRun.run(dir, Map.of("PATH", "/usr/bin:/bin"), Duration.ofSeconds(30),
          List.of("chown", "-R", user + ":", dir.toString()));
      if (r.code() != 0) {
        throw new IOException("chown failed: " + r);
      }
    }
  }

  /** Runs git (as the test's user, any owner accepted) and returns its trimmed stdout; fails on non-zero exit. */
  static String git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "safe.directory=*"));
    cmd.addAll(List.of(args));
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    CliRun r = CliRun.run(dir, env, Duration.ofSeconds(30), cmd);
    if (r.code() != 0) {
      throw new IOException("git " + String.join(" ", args) + " failed: " + r);
    }
    return r.out().strip();
  }
}
