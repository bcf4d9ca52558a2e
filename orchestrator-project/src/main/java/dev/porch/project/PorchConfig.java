package dev.porch.project;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.core.error.PorchException;
import dev.porch.core.port.TestCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The optional project configuration {@code <repo>/.porch.json}; every field has a default, so a
 * missing file is the same as {@code {}}. Documented in docs/config.md.
 *
 * @param base default base branch (empty: the current branch)
 * @param branchPrefix prefix of task branches
 * @param agent default agent profile
 * @param agentsJson the raw {@code "agents"} object (profile overrides), handed to the agent adapter
 * @param setup a setup command run in each new worktree
 * @param test the default test command
 * @param concurrency how many agents may run at once (0: number of cores)
 * @param timeout per-agent timeout (empty: none)
 * @param setupTimeout how long the setup command may run (empty: the git adapter's default)
 * @param gitTimeout how long one git command may run, hooks included (empty: the git adapter's default)
 * @param commitLeftovers whether porch commits what an agent left uncommitted when it ends (true),
 *     or fails such a task (false)
 * @param sandbox how agents are confined by the OS: off (the default), worktree or strict (docs/sandbox.md)
 * @param remote the git remote (name or URL) that carries branches to and from agents running
 *     elsewhere (a Kubernetes cluster)
 * @param kubernetesJson the raw {@code "kubernetes"} object, read by ClusterLaunch (docs/kubernetes.md)
 * @param share folders each new worktree gets from the main worktree, with their mode ({@code auto},
 *     {@code clone}, {@code symlink}, {@code copy})
 * @param portsPerTask ports in each task's block (0: the git adapter's default, 10)
 * @param notifications where to send word of final states, BLOCKED tasks and run decisions
 */
public record PorchConfig(
    Optional<String> base,
    String branchPrefix,
    String agent,
    Optional<String> agentsJson,
    Optional<TestCommand> setup,
    Optional<TestCommand> test,
    int concurrency,
    Optional<Duration> timeout,
    Optional<Duration> setupTimeout,
    Optional<Duration> gitTimeout,
    boolean commitLeftovers,
    dev.porch.core.port.SandboxPolicy sandbox,
    String remote,
    Optional<String> kubernetesJson,
    Map<String, String> share,
    int portsPerTask,
    Optional<Notify> notifications) {

  /**
   * {@code .porch.json}'s {@code notify}.
   *
   * @param desktop whether to show a desktop notification
   * @param command a command to run, as an argument list (empty: none)
   * @param webhook a URL to POST the event to
   * @param webhookTimeout how long the webhook may take (empty: 5 s)
   * @param on which of {@code final}, {@code blocked}, {@code decision} (empty: all three)
   */
  public record Notify(boolean desktop, List<String> command, Optional<String> webhook, Optional<Duration> webhookTimeout,
      List<String> on) {}

  /** The file name, at the repository root. */
  public static final String FILE = ".porch.json";

  /** Everything at its default. */
  public static PorchConfig defaults() {
    return new PorchConfig(Optional.empty(), "feature/", "claude", Optional.empty(), Optional.empty(),
        Optional.empty(), 0, Optional.empty(), Optional.empty(), Optional.empty(), true,
        dev.porch.core.port.SandboxPolicy.OFF, "origin", Optional.empty(), Map.of(), 0, Optional.empty());
  }

  /**
   * Reads {@code <root>/.porch.json}.
   *
   * @throws PorchException naming the file, the field and what is expected, when it is invalid
   */
  public static PorchConfig read(Path root) {
    Path file = root.resolve(FILE);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return defaults();
    } catch (IOException e) {
      throw new PorchException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return parse(file, text);
  }

  static PorchConfig parse(Path file, String text) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
    } catch (JsonProcessingException e) {
      throw new PorchException(file + " is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage(),
          List.of("fix the file, or delete it to use the defaults (see docs/config.md)"), e);
    }
    if (root == null || !root.isObject()) {
      throw invalid(file, "(top level)", "an object");
    }
    PorchConfig d = defaults();
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!List.of("base", "branch_prefix", "agent", "agents", "setup", "test", "concurrency", "timeout", "setup_timeout", "git_timeout", "commit_leftovers", "sandbox", "remote", "kubernetes", "share", "ports_per_task", "notify", "$schema").contains(f)) {
        throw new PorchException(file + ": unknown field '" + f + "'",
            List.of("known fields: base, branch_prefix, agent, agents, setup, test, concurrency, timeout, setup_timeout, git_timeout, commit_leftovers, sandbox, remote, kubernetes, share, ports_per_task, notify"), null);
      }
    }
    return new PorchConfig(
        text(file, root, "base"),
        text(file, root, "branch_prefix").orElse(d.branchPrefix()),
        text(file, root, "agent").orElse(d.agent()),
        Optional.ofNullable(root.get("agents")).filter(n -> !n.isNull()).map(n -> {
          if (!n.isObject()) {
            throw invalid(file, "agents", "an object of profile name to profile");
          }
          return n.toString();
        }),
        command(file, root, "setup"),
        command(file, root, "test"),
        concurrency(file, root),
        text(file, root, "timeout").map(t -> Durations.parse(t, file + ": timeout")),
        text(file, root, "setup_timeout").map(t -> Durations.parse(t, file + ": setup_timeout")),
        text(file, root, "git_timeout").map(t -> Durations.parse(t, file + ": git_timeout")),
        bool(file, root, "commit_leftovers", d.commitLeftovers()),
        sandbox(file, root, d.sandbox()),
        text(file, root, "remote").orElse(d.remote()),
        Optional.ofNullable(root.get("kubernetes")).filter(n -> !n.isNull()).map(n -> {
          if (!n.isObject()) {
            throw invalid(file, "kubernetes", "an object (see docs/kubernetes.md)");
          }
          return n.toString();
        }),
        share(file, root),
        portsPerTask(file, root),
        notify(file, root));
  }

  private static final List<String> SHARE_MODES = List.of("auto", "clone", "symlink", "copy");

  /** An array of folders (each {@code auto}), or an object of folder to mode. */
  private static Map<String, String> share(Path file, JsonNode root) {
    JsonNode n = root.get("share");
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null || n.isNull()) {
      return out;
    }
    String expected = "an array of folders, or an object of folder to \"auto\", \"clone\", \"symlink\" or \"copy\"";
    if (n.isArray()) {
      for (JsonNode f : n) {
        if (!f.isTextual() || f.asText().isBlank()) {
          throw invalid(file, "share", expected);
        }
        out.put(f.asText(), "auto");
      }
    } else if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual() || !SHARE_MODES.contains(e.getValue().asText())) {
          throw invalid(file, "share." + e.getKey(), "\"auto\", \"clone\", \"symlink\" or \"copy\"");
        }
        out.put(e.getKey(), e.getValue().asText());
      }
    } else {
      throw invalid(file, "share", expected);
    }
    return out;
  }

  private static int portsPerTask(Path file, JsonNode root) {
    JsonNode n = root.get("ports_per_task");
    if (n == null || n.isNull()) {
      return 0;
    }
    if (!n.isInt() || n.asInt() < 1 || n.asInt() > 1000) {
      throw invalid(file, "ports_per_task", "a whole number from 1 to 1000");
    }
    return n.asInt();
  }

  private static Optional<Notify> notify(Path file, JsonNode root) {
    JsonNode n = root.get("notify");
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isObject()) {
      throw invalid(file, "notify", "an object with desktop, command, webhook, webhook_timeout, on");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!List.of("desktop", "command", "webhook", "webhook_timeout", "on").contains(f)) {
        throw new PorchException(file + ": unknown field 'notify." + f + "'",
            List.of("known fields of notify: desktop, command, webhook, webhook_timeout, on"), null);
      }
    }
    JsonNode d = n.get("desktop");
    if (d != null && !d.isNull() && !d.isBoolean()) {
      throw invalid(file, "notify.desktop", "true or false");
    }
    for (String f : List.of("webhook", "webhook_timeout")) {
      JsonNode t = n.get(f);
      if (t != null && !t.isNull() && (!t.isTextual() || t.asText().isBlank())) {
        throw invalid(file, "notify." + f, "a non-empty string");
      }
    }
    List<String> command = new ArrayList<>();
    JsonNode c = n.get("command");
    if (c != null && !c.isNull()) {
      if (!c.isArray() || c.isEmpty()) {
        throw invalid(file, "notify.command", "a non-empty array of strings (program and arguments; no shell)");
      }
      for (JsonNode a : c) {
        if (!a.isTextual()) {
          throw invalid(file, "notify.command", "a non-empty array of strings (program and arguments; no shell)");
        }
        command.add(a.asText());
      }
      if (command.get(0).isBlank()) {
        throw invalid(file, "notify.command", "a non-empty array of strings whose first is the program (no shell)");
      }
    }
    List<String> on = new ArrayList<>();
    JsonNode o = n.get("on");
    if (o != null && !o.isNull()) {
      if (!o.isArray() || o.isEmpty()) {
        throw invalid(file, "notify.on", "a non-empty array of \"final\", \"blocked\", \"decision\"");
      }
      for (JsonNode a : o) {
        if (!a.isTextual() || !List.of("final", "blocked", "decision").contains(a.asText())) {
          throw invalid(file, "notify.on", "a non-empty array of \"final\", \"blocked\", \"decision\"");
        }
        on.add(a.asText());
      }
    }
    Optional<String> webhook = text(file, n, "webhook").map(w -> {
      // checked here as the notifier will read it, so that a bad URL stops every command at once
      // instead of failing 'porch block' after it recorded the state, or a run as it starts
      java.net.URI uri;
      try {
        uri = new java.net.URI(w);
      } catch (java.net.URISyntaxException e) {
        throw invalid(file, "notify.webhook", "an http:// or https:// URL (" + e.getMessage() + ")");
      }
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null) {
        throw invalid(file, "notify.webhook", "an http:// or https:// URL with a host");
      }
      return w;
    });
    return Optional.of(new Notify(bool(file, n, "desktop", false), command, webhook,
        text(file, n, "webhook_timeout").map(t -> Durations.parse(t, file + ": notify.webhook_timeout")), on));
  }

  private static dev.porch.core.port.SandboxPolicy sandbox(Path file, JsonNode root, dev.porch.core.port.SandboxPolicy absent) {
    Optional<String> t = text(file, root, "sandbox");
    if (t.isEmpty()) {
      return absent;
    }
    try {
      return dev.porch.core.port.SandboxPolicy.of(t.get());
    } catch (IllegalArgumentException e) {
      throw invalid(file, "sandbox", "\"off\", \"worktree\" or \"strict\"");
    }
  }

  private static boolean bool(Path file, JsonNode root, String field, boolean absent) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return absent;
    }
    if (!n.isBoolean()) {
      throw invalid(file, field, "true or false");
    }
    return n.asBoolean();
  }

  private static Optional<String> text(Path file, JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isTextual() || n.asText().isBlank()) {
      throw invalid(file, field, "a non-empty string");
    }
    return Optional.of(n.asText());
  }

  /** A command is either one string (a command line for the platform shell) or an argument list. */
  private static Optional<TestCommand> command(Path file, JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (n.isTextual() && !n.asText().isBlank()) {
      return Optional.of(TestCommand.shellLine(n.asText()));
    }
    if (n.isArray() && n.size() > 0) {
      List<String> args = new ArrayList<>();
      for (JsonNode a : n) {
        if (!a.isTextual()) {
          throw invalid(file, field, "a command line string or an array of strings");
        }
        args.add(a.asText());
      }
      return Optional.of(new TestCommand(args, false));
    }
    throw invalid(file, field, "a command line string or a non-empty array of strings");
  }

  private static int concurrency(Path file, JsonNode root) {
    JsonNode n = root.get("concurrency");
    if (n == null || n.isNull()) {
      return 0;
    }
    if (!n.isInt() || n.asInt() < 1 || n.asInt() > 256) {
      throw invalid(file, "concurrency", "a whole number from 1 to 256");
    }
    return n.asInt();
  }

  private static PorchException invalid(Path file, String field, String expected) {
    return new PorchException(file + ": '" + field + "' must be " + expected,
        List.of("see docs/config.md for the format"), null);
  }

  /** The documented defaults, as a starting file for {@code porch init --config}. */
  public static String template() {
    return String.join("\n",
        "{",
        "  \"base\": null,",
        "  \"branch_prefix\": \"feature/\",",
        "  \"agent\": \"claude\",",
        "  \"agents\": {},",
        "  \"setup\": null,",
        "  \"test\": null,",
        "  \"concurrency\": null,",
        "  \"timeout\": null,",
        "  \"setup_timeout\": null,",
        "  \"git_timeout\": null,",
        "  \"commit_leftovers\": true,",
        "  \"sandbox\": \"off\",",
        "  \"share\": {},",
        "  \"ports_per_task\": null,",
        "  \"notify\": null",
        "}",
        "");
  }
}
