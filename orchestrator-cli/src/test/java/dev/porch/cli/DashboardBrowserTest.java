package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.agent.testing.FakeAgent;
import dev.porch.cli.internal.WebDashboard;
import dev.porch.project.Project;
import dev.porch.web.Dashboard;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard in a real headless browser (Debian's chromium through chromedriver): three fake
 * agents, parked on a gate, are launched while the runs page is open; the page shows each state
 * change without a reload, the task page follows the log live, the compare page shows each attempt's
 * counts with links to the file's diff, a request without the token or from a foreign Origin is
 * refused with 403 and changes nothing, and the pick button merges the chosen branch into main.
 * Screenshots of the three pages at 1280x800 are left in target/ui-screenshots (docs/ui.md).
 */
class DashboardBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TASKS = List.of("feat-1", "feat-2", "feat-3");

  @TempDir Path tmp;

  private static String state(WebDriver d, String task) {
    return d.findElement(By.cssSelector("#row-" + task + " .state")).getText();
  }

  private static void screenshot(Browser b, String name) throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "ui-screenshots"));
    byte[] png = b.driver.getScreenshotAs(OutputType.BYTES);
    java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
    assertThat(image.getWidth() + "x" + image.getHeight()).as("the screenshot's size").isEqualTo("1280x800");
    Files.write(dir.resolve(name + ".png"), png);
  }

  private GitRepo repoWithGatedAgents(Path gates) throws Exception {
    GitRepo repo = GitRepo.create(tmp.resolve("repo"));
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("command", FakeAgent.command("--print", "hello from the agent", "--arrive", gates.toString(),
        "--await", gates.resolve("go").toString(), "--print", "agent says bye", "--commit", "agent work"));
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("agent", "gated");
    config.put("agents", Map.of("gated", agent));
    config.put("test", FakeAgent.command("--print", "tests ok"));
    repo.write(".porch.json", JSON.writeValueAsString(config));
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "porch config");
    Cli.Result spawned = Cli.run(repo.dir, "spawn", "feat", "--agents", "3");
    assertThat(spawned.code()).as(spawned.toString()).isZero();
    return repo;
  }

  @Test
  void aRunOfFakeAgents_isFollowedComparedAndPickedInTheBrowser() throws Exception {
    assumeTrue(Browser.unavailable().isEmpty(), () -> Browser.unavailable().orElse(""));
    Path gates = tmp.resolve("gates");
    GitRepo repo = repoWithGatedAgents(gates);
    try (Project services = Project.open(repo.dir);
        Dashboard dashboard = WebDashboard.start(services, 0, Map.of());
        Browser b = Browser.start(tmp.resolve("chromium-profile"), 1280, 800)) {
      WebDriver d = b.driver;
      String token = dashboard.url().getRawQuery();
      String base = "http://127.0.0.1:" + dashboard.port();
      d.get(dashboard.url().toString());
      for (String t : TASKS) {
        b.waiting().until(x -> state(x, t).equals("PENDING"));
      }
      ((JavascriptExecutor) d).executeScript("window.porchNotReloaded = 42;");

      CompletableFuture<Cli.Result> launch = CompletableFuture.supplyAsync(() ->
          Cli.run(repo.dir, "launch", "feat-1", "feat-2", "feat-3", "--prompt", "do the work", "--concurrency", "3", "--wait"));
      for (String t : TASKS) {
        b.waiting().until(x -> {
          assertThat(launch.isDone()).as("porch ended before its agents reached the gate: %s", launch.getNow(null)).isFalse();
          return state(x, t).equals("RUNNING");
        });
      }
      // the attempts differ: each agent commits what is in its worktree when the gate opens
      Files.writeString(repo.dir.resolve(".worktrees/feat-1/src/app.txt"), "line 1\nline two\nline 3\n");
      Files.writeString(repo.dir.resolve(".worktrees/feat-2/src/app.txt"), "line 1\nline 2\nline 3\nline 4\n");
      Files.createDirectories(repo.dir.resolve(".worktrees/feat-2/docs"));
      Files.writeString(repo.dir.resolve(".worktrees/feat-2/docs/notes.md"), "a\nb\n");
      Files.createDirectories(repo.dir.resolve(".worktrees/feat-3/docs"));
      Files.writeString(repo.dir.resolve(".worktrees/feat-3/docs/notes.md"), "only\n");

      String runs = d.getWindowHandle();
      d.switchTo().newWindow(WindowType.TAB);
      d.get(base + "/task/feat-2?" + token);
      b.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "hello from the agent"));
      b.waiting().until(ExpectedConditions.textToBe(By.id("state"), "RUNNING"));
      ((JavascriptExecutor) d).executeScript("window.porchNotReloaded = 43;");

      Files.writeString(gates.resolve("go"), "");
      b.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "agent says bye"));
      b.waiting().until(ExpectedConditions.textToBe(By.id("state"), "COMPLETE"));
      assertThat(((JavascriptExecutor) d).executeScript("return window.porchNotReloaded;")).isEqualTo(43L);

      d.switchTo().window(runs);
      for (String t : TASKS) {
        b.waiting().until(x -> state(x, t).equals("COMPLETE"));
      }
      assertThat(((JavascriptExecutor) d).executeScript("return window.porchNotReloaded;")).as("no reload").isEqualTo(42L);
      b.waiting().until(x -> x.findElement(By.cssSelector("#row-feat-1 .tests")).getText().startsWith("passed"));
      // the diff's size as each evaluation measured it, pushed with the evaluation
      b.waiting().until(x -> x.findElement(By.cssSelector("#row-feat-2 .diff")).getText().equals("2 files +3 -0"));
      b.waiting().until(x -> x.findElement(By.cssSelector("#row-feat-1 .diff")).getText().equals("1 file +1 -1"));
      Cli.Result launched = launch.get(Browser.PATIENCE.toSeconds(), TimeUnit.SECONDS);
      assertThat(launched.code()).as(launched.toString()).isZero();
      screenshot(b, "runs");

      // the compare page: a row per file, a column per attempt, a cell per change, linking to its diff
      d.get(base + "/compare?tasks=feat-1,feat-2,feat-3&" + token);
      assertThat(cell(d, "src/app.txt", "feat-1")).isEqualTo("+1 -1");
      assertThat(cell(d, "src/app.txt", "feat-2")).isEqualTo("+1 -0");
      assertThat(cell(d, "src/app.txt", "feat-3")).isEmpty();
      assertThat(cell(d, "docs/notes.md", "feat-1")).isEmpty();
      assertThat(cell(d, "docs/notes.md", "feat-2")).isEqualTo("+2 -0");
      assertThat(cell(d, "docs/notes.md", "feat-3")).isEqualTo("+1 -0");
      assertThat(footer(d, "total", "feat-2")).isEqualTo("+3 -0");
      assertThat(footer(d, "state", "feat-3")).isEqualTo("COMPLETE");
      screenshot(b, "compare");

      d.findElement(By.xpath(rowXpath("docs/notes.md") + "/td[@data-task='feat-2']/a")).click();
      b.waiting().until(ExpectedConditions.urlContains("/task/feat-2"));
      WebElement file = d.findElement(By.cssSelector("details.file[id^='file-']:target"));
      assertThat(file.findElement(By.tagName("summary")).getText()).contains("docs/notes.md");
      assertThat(file.findElements(By.cssSelector("pre.diff span.add"))).extracting(WebElement::getText)
          .contains("+a", "+b");
      d.get(base + "/task/feat-2?" + token);
      b.waiting().until(ExpectedConditions.textToBe(By.id("state"), "COMPLETE"));
      b.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "agent says bye"));
      screenshot(b, "task");

      // refused: no token, a foreign Origin; nothing changes
      String mainBefore = repo.git("rev-parse", "main").strip();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      assertThat(post(http, base + "/api/pick", Map.of("Origin", base), "task=feat-2")).isEqualTo(403);
      assertThat(post(http, base + "/api/pick", Map.of("Origin", "http://evil.example", "X-Porch-Token",
          token.substring("token=".length())), "task=feat-2")).isEqualTo(403);
      assertThat(post(http, base + "/api/cleanup", Map.of("X-Porch-Token", "wrong"), "task=feat")).isEqualTo(403);
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/compare?tasks=feat-1")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
      assertThat(repo.git("rev-parse", "main").strip()).isEqualTo(mainBefore);
      assertThat(Files.isDirectory(repo.dir.resolve(".worktrees/feat-1"))).isTrue();
      assertThat(Cli.run(repo.dir, "status", "--json").out()).doesNotContain("not chosen");

      // pick feat-2 from the compare page; git says main now contains it
      d.get(base + "/compare?tasks=feat-1,feat-2,feat-3&" + token);
      d.findElement(By.cssSelector("tfoot button[data-action='pick'][data-task='feat-2']")).click();
      b.waiting().until(x -> x.findElement(By.id("message")).getAttribute("class").matches(".*\\b(ok|err)\\b.*")
          && !x.findElement(By.id("message")).getText().endsWith("…"));
      assertThat(d.findElement(By.id("message")).getAttribute("class")).as(d.findElement(By.id("message")).getText())
          .contains("ok");
      repo.git("merge-base", "--is-ancestor", "feature/feat-2", "main");
      assertThat(repo.git("rev-list", "--parents", "-n", "1", "main").strip().split(" ")).hasSize(3);
      assertThat(repo.git("show", "main:docs/notes.md")).isEqualTo("a\nb\n");
    }
    assertThat(Path.of(System.getProperty("user.home"), ".cache", "selenium")).as("Selenium Manager never ran").doesNotExist();
  }

  @Test
  void thePages_fitAPhoneAndStartWithASkipLink() throws Exception {
    assumeTrue(Browser.unavailable().isEmpty(), () -> Browser.unavailable().orElse(""));
    GitRepo repo = repoWithGatedAgents(tmp.resolve("gates"));
    assertThat(Cli.run(repo.dir, "spawn", "other", "--agents", "1").code()).isZero();
    try (Project services = Project.open(repo.dir);
        Dashboard dashboard = WebDashboard.start(services, 0, Map.of());
        Browser b = Browser.start(tmp.resolve("chromium-profile"), 390, 844)) {
      WebDriver d = b.driver;
      String base = "http://127.0.0.1:" + dashboard.port();
      for (String page : List.of("/?", "/task/feat-1?", "/compare?tasks=feat-1,feat-2&")) {
        d.get(base + page + dashboard.url().getRawQuery());
        b.waiting().until(x -> x.findElement(By.id("live")).getText().matches("live|as of .*"));
        Object fits = ((JavascriptExecutor) d).executeScript(
            "return document.documentElement.scrollWidth <= window.innerWidth;");
        assertThat(fits).as("no sideways scrolling of the page at 390px: %s", page).isEqualTo(true);
        d.findElement(By.tagName("body")).sendKeys(org.openqa.selenium.Keys.TAB);
        assertThat(d.switchTo().activeElement().getText()).as(page).isEqualTo("Skip to content");
      }
      // tasks from porch spawn (no run): a group per feature, each cleaned up as a whole
      d.get(dashboard.url().toString());
      b.waiting().until(x -> x.findElements(By.cssSelector("button[data-action='cleanup']")).size() == 2);
      assertThat(d.findElements(By.cssSelector("button[data-action='cleanup']"))).extracting(e -> e.getAttribute("data-task"))
          .containsExactly("feat", "other");
    }
  }

  private static String rowXpath(String path) {
    return "//table[@id='compare']/tbody/tr[th='" + path + "']";
  }

  private static String cell(WebDriver d, String path, String task) {
    return d.findElement(By.xpath(rowXpath(path) + "/td[@data-task='" + task + "']")).getText().strip();
  }

  private static String footer(WebDriver d, String row, String task) {
    return d.findElement(By.cssSelector("#compare tfoot tr." + row + " td[data-task='" + task + "']")).getText().strip();
  }

  private static int post(HttpClient http, String url, Map<String, String> headers, String body) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(r::header);
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }
}
