package dev.porch.agent;

import dev.porch.agent.internal.ProfilesJson;
import dev.porch.core.error.PorchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A named set of {@link AgentProfile}s. Immutable and thread-safe.
 *
 * <p>The built-in profiles ({@code claude}, {@code codex}, {@code gemini}, {@code qwen-code}, {@code
 * opencode}, {@code amp}, {@code cursor-agent}, {@code aider}, {@code custom}) come from the resource
 * {@code dev/porch/agent/profiles.json}. A project overrides or adds profiles with the {@code "agents"}
 * object of its {@code .porch.json}:
 *
 * <pre>{@code
 * AgentProfiles profiles = AgentProfiles.builtIn().with(AgentProfiles.parse("""
 *     {"claude": {"command": ["claude", "-p", "{prompt}", "--dangerously-skip-permissions"]},
 *      "mine":   {"command": ["my-agent", "--prompt-file", "{prompt_file}"], "env": {"MODE": "ci"}}}
 *     """));
 * }</pre>
 *
 * <p>JSON fields of a profile: {@code command} (array of strings, with placeholders, see {@link
 * AgentProfile}), {@code stdin} (boolean), {@code env} (object of strings), {@code
 * rate_limit_patterns} (array of regular expressions). A profile named like a built-in inherits
 * every field it does not set; a new profile needs a {@code command}.
 */
public final class AgentProfiles {
  private static final String RESOURCE = "profiles.json";
  private final Map<String, AgentProfile> profiles;

  private AgentProfiles(Map<String, AgentProfile> profiles) {
    this.profiles = Map.copyOf(profiles);
  }

  /**
   * The built-in profiles.
   *
   * @return {@code claude}, {@code codex}, {@code gemini}, {@code qwen-code}, {@code opencode},
   *     {@code amp}, {@code cursor-agent}, {@code aider} and {@code custom} (which has no command until
   *     one is configured)
   * @throws PorchException if the bundled resource is missing or broken (a packaging error)
   */
  public static AgentProfiles builtIn() {
    try (InputStream in = AgentProfiles.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new PorchException("porch's built-in agent profiles (dev/porch/agent/" + RESOURCE
            + ") are missing from the class path; rebuild or reinstall porch");
      }
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new AgentProfiles(ProfilesJson.parse(json, Map.of(), "built-in profiles"));
    } catch (IOException e) {
      throw new PorchException("cannot read porch's built-in agent profiles: " + e.getMessage(), e);
    }
  }

  /**
   * Reads profiles from JSON: an object of profile name to profile, e.g. {@code .porch.json}'s
   * {@code "agents"} value. Profiles named like a built-in inherit the fields they leave out.
   *
   * @param json the JSON object
   * @return the profiles it defines (only those)
   * @throws PorchException if the JSON is malformed, a field is unknown or has the wrong type, a
   *     pattern is invalid, or a new profile has no command; the message names the profile and field
   */
  public static AgentProfiles parse(String json) {
    Objects.requireNonNull(json, "json");
    return new AgentProfiles(ProfilesJson.parse(json, builtIn().profiles, "agent profiles"));
  }

  /**
   * Profiles from values.
   *
   * @param profiles the profiles; names must be distinct
   * @return the set
   * @throws IllegalArgumentException if two profiles share a name
   */
  public static AgentProfiles of(List<AgentProfile> profiles) {
    Map<String, AgentProfile> map = new LinkedHashMap<>();
    for (AgentProfile p : profiles) {
      if (map.put(p.name(), p) != null) {
        throw new IllegalArgumentException("two agent profiles are named '" + p.name() + "'");
      }
    }
    return new AgentProfiles(map);
  }

  /**
   * These profiles with {@code overrides} replacing profiles of the same name and adding new ones.
   *
   * @param overrides the profiles that win
   * @return the combined set
   */
  public AgentProfiles with(AgentProfiles overrides) {
    Map<String, AgentProfile> map = new LinkedHashMap<>(profiles);
    map.putAll(overrides.profiles);
    return new AgentProfiles(map);
  }

  /**
   * These profiles with one profile added or replaced.
   *
   * @param profile the profile
   * @return the combined set
   */
  public AgentProfiles with(AgentProfile profile) {
    Map<String, AgentProfile> map = new LinkedHashMap<>(profiles);
    map.put(profile.name(), profile);
    return new AgentProfiles(map);
  }

  /**
   * The profile called {@code name}.
   *
   * @param name a profile name
   * @return the profile, or empty when there is none
   */
  public Optional<AgentProfile> get(String name) {
    return Optional.ofNullable(profiles.get(name));
  }

  /** The profile names. */
  public Set<String> names() {
    return new java.util.TreeSet<>(profiles.keySet());
  }

  @Override
  public String toString() {
    return "AgentProfiles" + names();
  }
}
