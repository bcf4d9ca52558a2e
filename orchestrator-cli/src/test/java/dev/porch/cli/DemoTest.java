package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code porch demo --keep-open}, the "done when": started from a folder that is not a git
 * repository, it serves the dashboard, runs the three agents without merging, and a pick made on the
 * dashboard is what main then contains. (The plain demo, which merges the winner itself, is run
 * from the jar by {@link PorchJarIT}.)
 */
class DemoTest {
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  @TempDir Path tmp;

  /** A writer whose lines can be waited for, without polling. */
  static final class Watched extends Writer {
    private final StringBuilder text = new StringBuilder();
    private final List<Waiter> waiters = new ArrayList<>();
    private int scanned; // text before this index is whole lines already shown to the waiters

    private record Waiter(Predicate<String> match, CompletableFuture<String> found) {}

    /** Completes with the first whole line, written already or still to come, that matches. */
    synchronized CompletableFuture<String> line(Predicate<String> match) {
      CompletableFuture<String> f = new CompletableFuture<>();
      text.substring(0, scanned).lines().filter(match).findFirst().ifPresentOrElse(f::complete,
          () -> waiters.add(new Waiter(match, f)));
      return f;
    }

    @Override
    public synchronized void write(char[] buf, int off, int len) {
      text.append(buf, off, len);
      for (int nl = text.indexOf("\n", scanned); nl >= 0; nl = text.indexOf("\n", scanned)) {
        String line = text.substring(scanned, nl);
        scanned = nl + 1;
        waiters.removeIf(w -> w.match().test(line) && w.found().complete(line));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public synchronized String toString() {
      return text.toString();
    }
  }

  @Test
  void demoKeepOpen_outsideARepository_servesTheDashboard_andThePickMadeThereIsWhatMainContains() throws Exception {
    Path repo = tmp.resolve("demo");
    Path notARepo = tmp.resolve("elsewhere");
    java.nio.file.Files.createDirectories(notARepo);
    Watched out = new Watched();
    Watched err = new Watched();
    CompletableFuture<Integer> code = new CompletableFuture<>();
    Thread demo = new Thread(() -> code.complete(Porch.run(new String[] {"demo", "--dir", repo.toString(), "--keep-open"},
        new PrintWriter(out), new PrintWriter(err), new HashMap<>(), notARepo)), "porch-demo-keep-open");
    demo.start();
    try {
      String url = CompletableFuture.anyOf(out.line(l -> l.startsWith("http://")), code)
          .get(PATIENCE.toSeconds(), TimeUnit.SECONDS).toString();
      assertThat(url).as("stdout: %s%nstderr: %s", out, err).matches("http://127\\.0\\.0\\.1:\\d+/\\?token=[A-Za-z0-9_-]{43}");
      // the URL goes to stdout first, the "serving" line to stderr after it: wait for that line, do not race it
      err.line(l -> l.contains("serving " + repo + " on")).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      assertThat(err.toString()).contains("you pick the one to merge");
      err.line(l -> l.startsWith("porch demo: nothing was merged")).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      assertThat(out.toString()).contains("slug-2 *").doesNotContain("MERGED");
      assertThat(GitRepo.gitIn(repo, "rev-list", "--count", "main").strip()).as("nothing merged yet").isEqualTo("1");

      URI page = URI.create(url);
      String token = page.getRawQuery().substring("token=".length());
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> compare = http.send(HttpRequest.newBuilder(page.resolve("/compare?token=" + token))
          .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(compare.statusCode()).isEqualTo(200);
      assertThat(compare.body()).as("the last run's three attempts").contains("Pick slug-1", "Pick slug-2", "Pick slug-3");
      HttpResponse<String> pick = http.send(HttpRequest.newBuilder(page.resolve("/api/pick")).timeout(Duration.ofSeconds(60))
          .header("X-Porch-Token", token).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("task=slug-2")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(pick.statusCode()).as(pick.body()).isEqualTo(200);

      GitRepo.gitIn(repo, "merge-base", "--is-ancestor", "feature/slug-2", "main");
      String merge = GitRepo.gitIn(repo, "log", "-1", "--format=%s%x09%P", "main");
      assertThat(merge).startsWith("Merge slug-2:").matches("(?s).*\\t\\S+ \\S+\\s*$");
      assertThat(GitRepo.gitIn(repo, "status", "--porcelain")).isBlank();
    } finally {
      demo.interrupt(); // what Ctrl-C is to the process: the dashboard closes
      code.get(30, TimeUnit.SECONDS);
    }
    URI gone = URI.create(out.line(l -> l.startsWith("http://")).getNow("http://127.0.0.1:1/"));
    assertThatThrownBy(() -> new java.net.Socket(gone.getHost(), gone.getPort()).close())
        .as("the dashboard stopped with the demo").isInstanceOf(IOException.class);
  }
}
