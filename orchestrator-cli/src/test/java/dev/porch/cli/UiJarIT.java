package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code porch ui} from the packaged jar: prints its URL on stdout, serves it, refuses without the token. */
class UiJarIT {
  @TempDir Path tmp;

  @Test
  void ui_printsAUrlThatServesTheDashboard_andRefusesWithoutTheToken() throws Exception {
    GitRepo repo = GitRepo.create(tmp.resolve("repo"));
    assertThat(Cli.run(repo.dir, "spawn", "jar", "--agents", "2").code()).isZero();
    Process p = new ProcessBuilder(PorchJarIT.porch("ui")).directory(repo.dir.toFile()).redirectErrorStream(false).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).get(60, TimeUnit.SECONDS);
      assertThat(line).matches("http://127\\.0\\.0\\.1:\\d+/\\?token=[A-Za-z0-9_-]{43}");
      URI url = URI.create(line);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("Runs in repo");
      HttpResponse<String> script = http.send(HttpRequest.newBuilder(url.resolve("/assets/app.js")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(script.statusCode()).as("the script is in the jar").isEqualTo(200);
      assertThat(http.send(HttpRequest.newBuilder(url.resolve("/")).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode()).isEqualTo(403);
    } finally {
      p.destroy();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
