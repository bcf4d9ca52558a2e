package dev.porch.agent.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.agent.AgentProfile;
import dev.porch.core.error.PorchException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads agent profiles from JSON (the built-in resource and {@code .porch.json}'s "agents"). */
public final class ProfilesJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> FIELDS = List.of("command", "stdin", "env", "rate_limit_patterns", "stream", "resume",
      "interactive", "interactive_resume", "login", "version", "sandbox");
  private static final List<String> LOGIN_FIELDS = List.of("env", "files", "failure_patterns", "hint");
  private static final List<String> SANDBOX_FIELDS = List.of("writable", "network", "env");

  private ProfilesJson() {}

  /**
   * Parses an object of name to profile.
   *
   * @param json the text
   * @param bases profiles that same-named entries inherit missing fields from
   * @param where what the text is, for messages
   * @return the profiles, in file order
   * @throws PorchException on any error, naming the profile and field
   */
  public static Map<String, AgentProfile> parse(String json, Map<String, AgentProfile> bases, String where) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new PorchException("invalid JSON in " + where + ": " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new PorchException(where + " must be a JSON object of profile name to profile");
    }
    Map<String, AgentProfile> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), profile(e.getKey(), e.getValue(), bases.get(e.getKey()), where));
    }
    return out;
  }

  private static AgentProfile profile(String name, JsonNode node, AgentProfile base, String where) {
    String ctx = where + ", profile '" + name + "'";
    known(node, ctx, FIELDS);
    List<String> command = node.has("command") ? strings(node.get("command"), ctx + ", field 'command'")
        : base != null ? base.command() : null;
    if (command == null) {
      throw new PorchException(ctx + " has no \"command\"; give the program and its arguments, e.g."
          + " [\"my-agent\", \"--prompt-file\", \"{prompt_file}\"]");
    }
    boolean stdin = node.has("stdin") ? bool(node.get("stdin"), ctx) : base != null && base.stdin();
    Map<String, String> env = node.has("env") ? env(node.get("env"), ctx)
        : base != null ? base.environment() : Map.of();
    List<String> patterns = node.has("rate_limit_patterns")
        ? strings(node.get("rate_limit_patterns"), ctx + ", field 'rate_limit_patterns'")
        : base != null ? base.rateLimitPatterns() : AgentProfile.of(name, List.of()).rateLimitPatterns();
    Optional<String> stream = node.has("stream") ? Optional.of(text(node.get("stream"), ctx + ", field 'stream'"))
        : base != null ? base.stream() : Optional.empty();
    AgentProfile.Sessions sessions = new AgentProfile.Sessions(
        listOr(node, "resume", ctx, base == null ? List.of() : base.sessions().resume()),
        listOr(node, "interactive", ctx, base == null ? List.of() : base.sessions().interactive()),
        listOr(node, "interactive_resume", ctx, base == null ? List.of() : base.sessions().interactiveResume()));
    AgentProfile.Login login = node.has("login") ? login(node.get("login"), ctx)
        : base != null ? base.login() : AgentProfile.Login.NONE;
    List<String> version = listOr(node, "version", ctx, base == null ? List.of() : base.version());
    try {
      dev.porch.agent.SandboxNeeds sandbox = node.has("sandbox") ? sandbox(node.get("sandbox"), ctx)
          : base != null ? base.sandbox() : dev.porch.agent.SandboxNeeds.NONE;
      return new AgentProfile(name, command, stdin, env, patterns, stream, sessions, login, version, sandbox);
    } catch (IllegalArgumentException e) {
      throw new PorchException(ctx + ": " + e.getMessage(), e);
    }
  }

  private static List<String> listOr(JsonNode node, String field, String ctx, List<String> inherited) {
    return node.has(field) ? strings(node.get(field), ctx + ", field '" + field + "'") : inherited;
  }

  private static String text(JsonNode node, String ctx) {
    if (!node.isTextual()) {
      throw new PorchException(ctx + " must be a string");
    }
    return node.asText();
  }

  private static AgentProfile.Login login(JsonNode node, String ctx) {
    String where = ctx + ", field 'login'";
    known(node, where, LOGIN_FIELDS);
    return new AgentProfile.Login(listOr(node, "env", where, List.of()), listOr(node, "files", where, List.of()),
        listOr(node, "failure_patterns", where, List.of()),
        node.has("hint") ? Optional.of(text(node.get("hint"), where + ", field 'hint'")) : Optional.empty());
  }

  /** {@code "sandbox": {"writable": [...], "network": ["host:port"], "env": [...]}}: added to the built-in needs. */
  private static dev.porch.agent.SandboxNeeds sandbox(JsonNode node, String ctx) {
    String where = ctx + ", field 'sandbox'";
    known(node, where, SANDBOX_FIELDS);
    return new dev.porch.agent.SandboxNeeds(listOr(node, "writable", where, List.of()),
        listOr(node, "network", where, List.of()), listOr(node, "env", where, List.of()));
  }

  /** Refuses {@code node} unless it is an object whose fields are all in {@code fields}. */
  private static void known(JsonNode node, String where, List<String> fields) {
    if (!node.isObject()) {
      throw new PorchException(where + " must be an object with fields " + fields);
    }
    node.fieldNames().forEachRemaining(f -> {
      if (!fields.contains(f)) {
        throw new PorchException(where + ": unknown field '" + f + "'; known fields: " + String.join(", ", fields));
      }
    });
  }

  private static List<String> strings(JsonNode node, String ctx) {
    if (!node.isArray()) {
      throw new PorchException(ctx + " must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : node) {
      if (!n.isTextual()) {
        throw new PorchException(ctx + " must be an array of strings, found " + n.getNodeType());
      }
      out.add(n.asText());
    }
    return out;
  }

  private static boolean bool(JsonNode node, String ctx) {
    if (!node.isBoolean()) {
      throw new PorchException(ctx + ", field 'stdin' must be true or false");
    }
    return node.asBoolean();
  }

  private static Map<String, String> env(JsonNode node, String ctx) {
    if (!node.isObject()) {
      throw new PorchException(ctx + ", field 'env' must be an object of strings");
    }
    Map<String, String> out = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> {
      if (!e.getValue().isTextual()) {
        throw new PorchException(ctx + ", field 'env': " + e.getKey() + " must be a string");
      }
      out.put(e.getKey(), e.getValue().asText());
    });
    return out;
  }
}
