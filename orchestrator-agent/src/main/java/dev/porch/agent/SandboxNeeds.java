package dev.porch.agent;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What an agent CLI needs from a sandbox beyond its worktree: the folders it writes its own config,
 * sessions and caches to, the network it needs under the {@code strict} policy, and the variables
 * it reads (its API key) that a clean environment must keep. See docs/sandbox.md.
 *
 * @param writable folders (or files) the CLI writes to; {@code ~/} is the user's home. Under {@code
 *     strict}, whose {@code HOME} is a private folder, a {@code ~/} entry is bound at the same place
 *     in that private home. Entries that do not exist are skipped.
 * @param network {@code host:port} the CLI connects to (its model's API), or {@code *.domain:port}
 *     for any name under {@code domain}. Under {@code strict} on Linux the agent has no network but a
 *     proxy that connects only to these ({@code HTTPS_PROXY}/{@code HTTP_PROXY}; the CLI must honour
 *     them); with an empty list it has no network at all. sandbox-exec (macOS) allows the listed
 *     ports to any host, never a host name.
 * @param environment variables kept under {@code strict}'s clean environment, e.g. {@code
 *     ANTHROPIC_API_KEY}
 */
public record SandboxNeeds(List<String> writable, List<String> network, List<String> environment) {
  /** Nothing beyond the worktree. */
  public static final SandboxNeeds NONE = new SandboxNeeds(List.of(), List.of(), List.of());

  private static final java.util.regex.Pattern HOST_PORT =
      java.util.regex.Pattern.compile("(\\*\\.)?([^\\s:/@\\[\\]*]+|\\[[0-9a-fA-F:.]+\\]):[0-9]{1,5}");

  /**
   * @throws IllegalArgumentException if a network entry is not {@code host:port}
   */
  public SandboxNeeds {
    writable = List.copyOf(writable);
    network = List.copyOf(network);
    environment = List.copyOf(environment);
    for (String n : network) {
      if (!HOST_PORT.matcher(n).matches() || Integer.parseInt(n.substring(n.lastIndexOf(':') + 1)) > 65535) {
        throw new IllegalArgumentException("network allow-list entry '" + n + "' is not host:port"
            + " (e.g. api.anthropic.com:443, *.googleapis.com:443, 127.0.0.1:8080)");
      }
    }
  }

  /**
   * These needs and {@code more}'s, each list in order without repeats.
   *
   * @param more needs to add
   * @return the union
   */
  public SandboxNeeds plus(SandboxNeeds more) {
    return new SandboxNeeds(union(writable, more.writable), union(network, more.network),
        union(environment, more.environment));
  }

  private static List<String> union(List<String> a, List<String> b) {
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  /**
   * What porch knows the built-in CLIs need, by program name ({@code claude}, {@code codex},
   * {@code gemini}, {@code qwen}, {@code aider}, {@code opencode}, {@code amp}, {@code cursor-agent});
   * {@link #NONE} for any other.
   *
   * @param cli the program's file name without extension
   * @return the needs
   */
  public static SandboxNeeds builtIn(String cli) {
    return switch (cli.toLowerCase(Locale.ROOT)) {
      case "claude" -> new SandboxNeeds(List.of("~/.claude", "~/.claude.json", "~/.cache/claude", "~/.config/claude"),
          List.of("api.anthropic.com:443"), List.of("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "CLAUDE_CONFIG_DIR"));
      case "codex" -> new SandboxNeeds(List.of("~/.codex"), List.of("api.openai.com:443", "chatgpt.com:443"),
          List.of("OPENAI_API_KEY", "OPENAI_BASE_URL", "CODEX_HOME"));
      case "gemini" -> new SandboxNeeds(List.of("~/.gemini", "~/.cache/gemini-cli"),
          List.of("generativelanguage.googleapis.com:443", "oauth2.googleapis.com:443"),
          List.of("GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_CLOUD_PROJECT"));
      case "qwen" -> new SandboxNeeds(List.of("~/.qwen"), List.of("dashscope.aliyuncs.com:443"),
          List.of("OPENAI_API_KEY", "OPENAI_BASE_URL", "DASHSCOPE_API_KEY"));
      case "aider" -> new SandboxNeeds(List.of("~/.aider", "~/.cache/aider"), List.of(),
          List.of("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "AIDER_MODEL"));
      case "opencode" -> new SandboxNeeds(List.of("~/.local/share/opencode", "~/.config/opencode", "~/.cache/opencode"),
          List.of(), List.of("OPENAI_API_KEY", "ANTHROPIC_API_KEY"));
      case "amp" -> new SandboxNeeds(List.of("~/.config/amp", "~/.local/share/amp", "~/.cache/amp"),
          List.of("ampcode.com:443"), List.of("AMP_API_KEY"));
      case "cursor-agent" -> new SandboxNeeds(List.of("~/.cursor", "~/.config/cursor"), List.of("api2.cursor.sh:443"),
          List.of("CURSOR_API_KEY"));
      default -> NONE;
    };
  }

  /**
   * What {@code profile} needs: the built-in needs of the CLI it runs, plus its own {@link
   * AgentProfile#sandbox()}.
   *
   * @param profile the profile
   * @return the needs
   */
  public static SandboxNeeds of(AgentProfile profile) {
    Objects.requireNonNull(profile, "profile");
    String program = profile.command().isEmpty() ? profile.name() : profile.command().get(0);
    String file = java.nio.file.Path.of(program).getFileName() == null ? program
        : java.nio.file.Path.of(program).getFileName().toString();
    int dot = file.lastIndexOf('.');
    return builtIn(dot > 0 ? file.substring(0, dot) : file).plus(profile.sandbox());
  }
}
