package dev.porch.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, with Selenium pointed at both
 * binaries so its Selenium Manager never looks for (or downloads) a driver; no network, a fresh
 * profile per browser.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** How long any one condition may take before the test fails (runs of real JVMs on a busy machine). */
  static final Duration PATIENCE = Duration.ofSeconds(90);

  final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Why the browser tests cannot run here, or empty when they can. */
  static Optional<String> unavailable() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      return Optional.of("Debian's chromium and chromium-driver are not installed (" + CHROMIUM + ", " + CHROMEDRIVER
          + "); .ci/run installs them with apt-get install -y chromium chromium-driver");
    }
    return Optional.empty();
  }

  static Browser start(Path profile, int width, int height) throws Exception {
    Files.createDirectories(profile);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        "--disable-extensions", "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + "," + height,
        "--hide-scrollbars", "--force-device-scale-factor=1");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort()
        .withLogOutput(java.io.OutputStream.nullOutputStream())
        .build();
    Browser b = new Browser(new ChromeDriver(service, options));
    b.viewport(width, height);
    return b;
  }

  /** Sizes the window so that the page itself (not the window around it) is {@code width x height}. */
  void viewport(int width, int height) {
    Object gap = driver.executeScript("return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];");
    java.util.List<?> g = (java.util.List<?>) gap;
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(
        width + ((Number) g.get(0)).intValue(), height + ((Number) g.get(1)).intValue()));
  }

  WebDriverWait waiting() {
    WebDriverWait w = new WebDriverWait(driver, PATIENCE, Duration.ofMillis(50));
    w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return w;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
