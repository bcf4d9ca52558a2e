package dev.porch.agent.internal.notify;

import dev.porch.core.error.PorchException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Sends one notification through every channel that is on; collects the failures and throws them as
 * one {@link PorchException} after all were tried. Processes start from argument lists, never a
 * shell; their output is discarded; each is bounded by a timeout.
 */
public final class Delivery {
  private static final String OS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
  private final boolean desktop;
  private final List<String> command;
  private final URI webhook;
  private final Duration webhookTimeout;
  private final Duration commandTimeout;
  private final Map<String, String> env;
  private final HttpClient http;

  public Delivery(boolean desktop, List<String> command, URI webhook, Duration webhookTimeout, Duration commandTimeout,
      Map<String, String> env) {
    this.desktop = desktop;
    this.command = command;
    this.webhook = webhook;
    this.webhookTimeout = webhookTimeout;
    this.commandTimeout = commandTimeout;
    this.env = env;
    this.http = webhook == null ? null : HttpClient.newBuilder().connectTimeout(webhookTimeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** Names the channels that are on. */
  public void channels(List<String> out) {
    if (desktop) {
      out.add("desktop");
    }
    if (command != null) {
      out.add("command");
    }
    if (webhook != null) {
      out.add("webhook");
    }
  }

  /** Sends {@code n}; throws once, after trying every channel, if any failed. */
  public void send(NotifyEvent n) {
    List<String> failures = new ArrayList<>();
    if (desktop) {
      desktopCommand(n).ifPresent(argv -> run("desktop notification", argv, null, Duration.ofSeconds(10),
          Map.of("PORCH_NOTIFY_TITLE", n.title(), "PORCH_NOTIFY_MESSAGE", n.message())).ifPresent(failures::add));
    }
    if (command != null) {
      run("notify command", command, n.json(), commandTimeout, Map.of()).ifPresent(failures::add);
    }
    if (webhook != null) {
      post(n).ifPresent(failures::add);
    }
    if (!failures.isEmpty()) {
      throw new PorchException("notification '" + n.title() + "' failed: " + String.join("; ", failures),
          List.of("check .porch.json's notify (see docs/config.md); the run goes on"), null);
    }
  }

  private Optional<String> post(NotifyEvent n) {
    HttpRequest req = HttpRequest.newBuilder(webhook).timeout(webhookTimeout)
        .header("Content-Type", "application/json").header("User-Agent", "porch")
        .POST(HttpRequest.BodyPublishers.ofString(n.json(), StandardCharsets.UTF_8)).build();
    try {
      HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
      return r.statusCode() / 100 == 2 ? Optional.empty()
          : Optional.of("webhook " + webhook + " answered HTTP " + r.statusCode());
    } catch (java.net.http.HttpTimeoutException e) {
      return Optional.of("webhook " + webhook + " did not answer within " + webhookTimeout.toMillis() + " ms");
    } catch (IOException e) {
      return Optional.of("webhook " + webhook + " failed: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("webhook " + webhook + " was interrupted");
    }
  }

  /** The OS's own tool, if it has one on PATH; none is not a failure. */
  Optional<List<String>> desktopCommand(NotifyEvent n) {
    if (OS.startsWith("linux") || OS.contains("bsd")) {
      return onPath("notify-send").map(p -> List.of(p.toString(), "--app-name=porch", n.title(), n.message()));
    }
    if (OS.startsWith("mac")) {
      // the text goes in as AppleScript string literals, quotes and backslashes escaped
      return Optional.of(List.of("osascript", "-e", "display notification " + appleString(n.message())
          + " with title " + appleString(n.title())));
    }
    if (OS.startsWith("windows")) {
      String script = "[Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, ContentType = WindowsRuntime] > $null;"
          + "$t = [Windows.UI.Notifications.ToastNotificationManager]::GetTemplateContent([Windows.UI.Notifications.ToastTemplateType]::ToastText02);"
          + "$x = $t.GetElementsByTagName('text'); $x.Item(0).AppendChild($t.CreateTextNode($env:PORCH_NOTIFY_TITLE)) > $null;"
          + "$x.Item(1).AppendChild($t.CreateTextNode($env:PORCH_NOTIFY_MESSAGE)) > $null;"
          + "[Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier('porch').Show([Windows.UI.Notifications.ToastNotification]::new($t))";
      return Optional.of(List.of("powershell", "-NoProfile", "-NonInteractive", "-Command", script));
    }
    return Optional.empty();
  }

  private static String appleString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private Optional<Path> onPath(String program) {
    String path = env.isEmpty() ? System.getenv("PATH") : env.get("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, program);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** Empty when it ran and exited 0, else why not. */
  private Optional<String> run(String what, List<String> argv, String stdin, Duration timeout, Map<String, String> extra) {
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    if (!env.isEmpty()) {
      pb.environment().clear();
      pb.environment().putAll(env);
    }
    pb.environment().putAll(extra); // the toast's text goes in through variables, never into the script
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return Optional.of(what + " " + argv.get(0) + " could not start: " + e.getMessage());
    }
    try {
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write((stdin + "\n").getBytes(StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // the command need not read its input
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return Optional.of(what + " " + argv.get(0) + " did not end within " + timeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return Optional.of(what + " was interrupted");
    }
    return p.exitValue() == 0 ? Optional.empty() : Optional.of(what + " " + argv.get(0) + " exited with " + p.exitValue());
  }
}
