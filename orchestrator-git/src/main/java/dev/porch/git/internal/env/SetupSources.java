package dev.porch.git.internal.env;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.porch.core.error.WorkspaceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The other tools' setup files porch reads, in porch's order of precedence: Cursor's {@code
 * .cursor/worktrees.json}, Conductor's {@code .conductor/settings.toml} (with {@code
 * .conductor/settings.local.toml} over it), Conductor's legacy {@code conductor.json} (ignored when
 * {@code settings.toml} exists, as Conductor does). Each is looked up in the new worktree first, then
 * in the main worktree.
 */
final class SetupSources {
  private static final TomlMapper TOML = new TomlMapper();

  private SetupSources() {}

  /**
   * Every setup file present, in precedence order; one that cannot be parsed (or names a script that
   * is not there) comes with its {@link SetupSource#problem}, naming the file and where.
   */
  static List<SetupSource> find(Path worktree, Path root, boolean windows) throws IOException {
    List<SetupSource> out = new ArrayList<>();
    cursor(worktree, root, windows).ifPresent(out::add);
    Optional<SetupSource> toml = conductorToml(worktree, root, windows);
    if (toml.isPresent()) {
      out.add(toml.get());
    } else {
      conductorJson(worktree, root, windows).ifPresent(out::add);
    }
    return out;
  }

  /** A file porch found but cannot run: hashed as read, so that trusting it is still by content. */
  private static SetupSource broken(String tool, Path file, String shown, String detail, String key, List<byte[]> hashed,
      WorkspaceException e) {
    return new SetupSource(tool, file, shown, detail, List.of(), List.of(), key, sha256(hashed), Optional.of(e.getMessage()));
  }

  /** The worktree's copy of {@code rel}, else the main worktree's; empty when neither is a plain file. */
  private static Optional<Path> lookUp(Path worktree, Path root, String rel) {
    for (Path base : List.of(worktree, root)) {
      Path f = base.resolve(rel);
      if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  private static Optional<SetupSource> cursor(Path worktree, Path root, boolean windows) throws IOException {
    String rel = ".cursor/worktrees.json";
    Optional<Path> found = lookUp(worktree, root, rel);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Path file = found.get();
    byte[] bytes = Files.readAllBytes(file);
    List<byte[]> hashed = new ArrayList<>(List.of(bytes));
    CursorWorktrees.Setup s;
    try {
      s = CursorWorktrees.read(file, new String(bytes, StandardCharsets.UTF_8), windows);
    } catch (WorkspaceException e) {
      return Optional.of(broken("Cursor", file, rel, "", root.resolve(rel).toString(), hashed, e));
    }
    List<List<String>> commands = new ArrayList<>();
    if (s.script().isPresent()) {
      Path script = file.getParent().resolve(s.script().get()).normalize(); // relative to the JSON file
      Path tree = file.getParent().getParent();
      if (!script.startsWith(tree) || !Files.isRegularFile(script, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of(broken("Cursor", file, rel, s.key(), root.resolve(rel).toString(), hashed, new WorkspaceException(
            file + ": " + s.key() + " names the script " + s.script().get()
            + ", which is not a file inside the repository (it is resolved against " + file.getParent() + ")")));
      }
      hashed.add(Files.readAllBytes(script));
      commands.add(scriptCommand(script, windows));
    } else {
      s.commands().forEach(c -> commands.add(Setup.shell(c, windows)));
    }
    return Optional.of(new SetupSource("Cursor", file, rel, s.key(), commands, List.of(),
        root.resolve(rel).toString(), sha256(hashed), Optional.empty()));
  }

  private static Optional<SetupSource> conductorToml(Path worktree, Path root, boolean windows) throws IOException {
    String rel = ".conductor/settings.toml";
    Optional<Path> found = lookUp(worktree, root, rel);
    Path local = root.resolve(".conductor/settings.local.toml"); // personal and git-ignored: the main worktree's
    boolean hasLocal = Files.isRegularFile(local, LinkOption.NOFOLLOW_LINKS);
    if (found.isEmpty() && !hasLocal) {
      return Optional.empty();
    }
    List<byte[]> hashed = new ArrayList<>();
    Path file = found.orElse(local);
    String shown = found.isPresent() ? rel + (hasLocal ? " + .conductor/settings.local.toml" : "") : ".conductor/settings.local.toml";
    String key = root.resolve(found.isPresent() ? rel : ".conductor/settings.local.toml").toString();
    JsonNode shared = null;
    JsonNode mine = null;
    try {
      if (found.isPresent()) {
        byte[] b = Files.readAllBytes(found.get());
        hashed.add(b);
        shared = toml(found.get(), b).get("scripts");
      }
      if (hasLocal) {
        byte[] b = Files.readAllBytes(local);
        hashed.add(b);
        mine = toml(local, b).get("scripts");
      }
    } catch (WorkspaceException e) {
      return Optional.of(broken("Conductor", file, shown, "[scripts] setup", key, hashed, e));
    }
    // the local file wins key by key, as in Conductor's own precedence
    String setup = script(mine, "setup").orElse(script(shared, "setup").orElse(null));
    String archive = script(mine, "archive").orElse(script(shared, "archive").orElse(null));
    return Optional.of(new SetupSource("Conductor", file, shown, "[scripts] setup", lines(setup, windows),
        lines(archive, windows), key, sha256(hashed), Optional.empty()));
  }

  private static Optional<SetupSource> conductorJson(Path worktree, Path root, boolean windows) throws IOException {
    String rel = "conductor.json";
    Optional<Path> found = lookUp(worktree, root, rel);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    byte[] b = Files.readAllBytes(found.get());
    JsonNode doc;
    try {
      doc = CursorWorktrees.parse(found.get(), new String(b, StandardCharsets.UTF_8));
    } catch (WorkspaceException e) {
      return Optional.of(broken("Conductor", found.get(), rel, "scripts.setup", root.resolve(rel).toString(), List.of(b), e));
    }
    JsonNode scripts = doc.isObject() ? doc.get("scripts") : null;
    return Optional.of(new SetupSource("Conductor", found.get(), rel, "scripts.setup",
        lines(script(scripts, "setup").orElse(null), windows), lines(script(scripts, "archive").orElse(null), windows),
        root.resolve(rel).toString(), sha256(List.of(b)), Optional.empty()));
  }

  private static JsonNode toml(Path file, byte[] bytes) {
    try {
      return TOML.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (JacksonException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new WorkspaceException(file + " is not valid TOML" + where + ": " + e.getOriginalMessage()
          + "; fix the file (or remove it) and run the setup again");
    }
  }

  /** A non-blank string under {@code scripts.<key>}. */
  private static Optional<String> script(JsonNode scripts, String key) {
    if (scripts == null || !scripts.isObject()) {
      return Optional.empty();
    }
    JsonNode n = scripts.get(key);
    return n != null && n.isTextual() && !n.textValue().isBlank() ? Optional.of(n.textValue()) : Optional.empty();
  }

  /** A Conductor script is one shell script (it may span lines), run in the worktree. */
  private static List<List<String>> lines(String script, boolean windows) {
    return script == null ? List.of() : List.of(Setup.shell(script, windows));
  }

  /** A script file runs as its own program when executable (its #! line decides), else through sh. */
  private static List<String> scriptCommand(Path script, boolean windows) {
    String name = script.getFileName().toString().toLowerCase(Locale.ROOT);
    if (windows) {
      return name.endsWith(".ps1")
          ? List.of("powershell", "-NoProfile", "-ExecutionPolicy", "Bypass", "-File", script.toString())
          : List.of("cmd", "/c", script.toString());
    }
    return Files.isExecutable(script) ? List.of(script.toString()) : List.of("sh", script.toString());
  }

  static String sha256(List<byte[]> parts) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        d.update(Integer.toString(p.length).getBytes(StandardCharsets.US_ASCII));
        d.update((byte) 0);
        d.update(p);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java", e);
    }
  }
}
