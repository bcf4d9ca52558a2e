package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code porch ui} and {@code porch demo --keep-open}: their usage errors, before anything is served or made. */
class UiCommandTest {
  @TempDir Path tmp;

  @Test
  void ui_onAPortAnotherProgramHolds_isAUsageErrorThatSaysWhatToDo() throws Exception {
    GitRepo repo = GitRepo.create(tmp.resolve("repo"));
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Cli.Result r = Cli.run(repo.dir, "ui", "--port", String.valueOf(taken.getLocalPort()));
      assertThat(r.code()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .contains("leave --port out for a free port");
      assertThat(r.out()).as("no URL printed").isEmpty();
    }
    Cli.Result zero = Cli.run(repo.dir, "ui", "--port", "0");
    assertThat(zero.code()).isEqualTo(2);
    assertThat(zero.err()).contains("--port must be 1 to 65535");
  }

  @Test
  void demo_openOrPortWithoutKeepOpen_isRefusedBeforeTheDemoRepositoryIsMade() {
    Path dir = tmp.resolve("demo");
    for (String[] args : new String[][] {{"demo", "--dir", dir.toString(), "--open"},
        {"demo", "--dir", dir.toString(), "--port", "8765"}, {"demo", "--dir", dir.toString(), "--keep-open", "--port", "0"}}) {
      Cli.Result r = Cli.run(tmp, args);
      assertThat(r.code()).as(r.toString()).isEqualTo(2);
      assertThat(Files.exists(dir)).as("no demo repository made for %s", String.join(" ", args)).isFalse();
    }
  }
}
