package dev.porch.agent.internal.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.porch.core.port.SandboxPolicy;
import dev.porch.files.StateFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a porch needs to deliver a cell whose agent it did not launch (after a crash, {@code porch
 * recover} or a resumed run re-attaches to it): written by the launching porch next to the cell, as
 * {@code .agent-status/sandbox/<task>.<id>.json}, and rewritten with the agent's process once it runs.
 *
 * <p>Why next to the cell and not in it: the cell folder is bound writable into the sandbox, and
 * making one file in it read-only with a bind on top does not hold, because porch rewrites the file
 * (a rename over it) once the process runs, and Linux then drops the other namespace's mount on the
 * old name. {@code .agent-status/sandbox/} itself is read-only inside. The manifest is still read as
 * untrusted ({@link Redelivery} checks every field against the repository and the real status file).
 *
 * @param task the task
 * @param policy the policy the agent runs under
 * @param worktree the agent's worktree
 * @param admin its git admin folder, when it is a linked worktree
 * @param common the repository's common git folder, when it is one
 * @param branch its branch, e.g. {@code feature/auth}
 * @param launchRef the branch's commit at launch, when it had one and the cell has a private ref folder
 * @param sandbox the sandbox in words, e.g. {@code bwrap (worktree)}
 * @param statusFile the real status file
 * @param pid the agent's process (bwrap), once known
 * @param pidStarted that process's start, once known
 */
record Manifest(String task, SandboxPolicy policy, Path worktree, Optional<Path> admin, Optional<Path> common, String branch,
    Optional<String> launchRef, String sandbox, Path statusFile, OptionalLong pid, Optional<Instant> pidStarted,
    Optional<Path> proxySocket, java.util.List<String> network) {
  static final String SCHEMA = "porch.sandbox-cell/v1";
  /** The most bytes read: a manifest is a few hundred. */
  static final long MAX = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The manifest of {@code cell}, before its agent runs. */
  static Manifest of(Cell cell, String task, String sandbox, Path statusFile) {
    return new Manifest(task, cell.policy(), cell.worktree(), cell.git().map(GitPaths::admin), cell.git().map(GitPaths::common),
        cell.git().map(GitPaths::branch).orElse(""), cell.launchRef(), sandbox, statusFile.toAbsolutePath().normalize(),
        OptionalLong.empty(), Optional.empty(), Optional.empty(), java.util.List.of());
  }

  /** This manifest with the strict agent's network proxy, so a porch that re-attaches can start it again. */
  Manifest withProxy(Path socket, java.util.List<String> allowed) {
    return new Manifest(task, policy, worktree, admin, common, branch, launchRef, sandbox, statusFile, pid, pidStarted,
        Optional.of(socket), java.util.List.copyOf(allowed));
  }

  /** This manifest with the agent's process. */
  Manifest withProcess(long pid, Instant started) {
    return new Manifest(task, policy, worktree, admin, common, branch, launchRef, sandbox, statusFile, OptionalLong.of(pid),
        Optional.of(started), proxySocket, network);
  }

  /** Where the manifest of the cell folder {@code dir} lives. */
  static Path fileOf(Path dir) {
    return dir.resolveSibling(dir.getFileName() + ".json");
  }

  /** The cell folder of the manifest {@code file}. */
  static Path dirOf(Path file) {
    String name = file.getFileName().toString();
    return file.resolveSibling(name.substring(0, name.length() - ".json".length()));
  }

  /** Writes it atomically next to the cell {@code dir}; {@code root} is the status folder holding the cells. */
  void write(Path root, Path dir) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("schema", SCHEMA);
    n.put("task", task);
    n.put("policy", policy.word());
    n.put("worktree", worktree.toString());
    admin.ifPresent(a -> n.put("admin", a.toString()));
    common.ifPresent(c -> n.put("common", c.toString()));
    n.put("branch", branch);
    launchRef.ifPresent(r -> n.put("launch_ref", r));
    n.put("sandbox", sandbox);
    n.put("status_file", statusFile.toString());
    pid.ifPresent(p -> n.put("pid", p));
    pidStarted.ifPresent(s -> n.put("pid_started", s.toString()));
    proxySocket.ifPresent(s -> n.put("proxy_socket", s.toString()));
    if (!network.isEmpty()) {
      network.forEach(n.putArray("network")::add);
    }
    StateFiles.write(root, fileOf(dir), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
  }

  /**
   * Reads a manifest.
   *
   * @throws IOException if it cannot be read or is not a manifest (the message says which field)
   */
  static Manifest read(Path file) throws IOException {
    JsonNode n = JSON.readTree(StateFiles.read(file, MAX));
    if (n == null || !n.isObject() || !SCHEMA.equals(n.path("schema").asText())) {
      throw new IOException(file + " is not a sandbox cell manifest (" + SCHEMA + ")");
    }
    OptionalLong pid = n.path("pid").canConvertToLong() ? OptionalLong.of(n.get("pid").asLong()) : OptionalLong.empty();
    Optional<Instant> started;
    try {
      started = text(n, "pid_started").map(Instant::parse);
    } catch (java.time.DateTimeException e) {
      throw new IOException(file + ": pid_started is not an instant", e);
    }
    SandboxPolicy policy;
    try {
      policy = SandboxPolicy.of(required(file, n, "policy"));
    } catch (RuntimeException e) {
      throw new IOException(file + ": policy is not a sandbox policy", e);
    }
    return new Manifest(required(file, n, "task"), policy, Path.of(required(file, n, "worktree")),
        text(n, "admin").map(Path::of), text(n, "common").map(Path::of), required(file, n, "branch"),
        text(n, "launch_ref"), text(n, "sandbox").orElse("the sandbox"), Path.of(required(file, n, "status_file")), pid,
        started, text(n, "proxy_socket").map(Path::of), strings(n.path("network")));
  }

  /**
   * The cell this manifest describes, in {@code dir}, with {@code git}'s paths (which the caller
   * checked against the repository instead of taking the manifest's word).
   */
  Cell cell(Path dir, Optional<GitPaths> git) {
    return new Cell(policy, worktree, git, dir, java.util.List.of(), java.util.List.of(), launchRef);
  }

  private static java.util.List<String> strings(JsonNode array) {
    java.util.List<String> out = new java.util.ArrayList<>();
    array.forEach(e -> {
      if (e.isTextual()) {
        out.add(e.asText());
      }
    });
    return out;
  }

  private static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }

  private static String required(Path file, JsonNode n, String field) throws IOException {
    return text(n, field).orElseThrow(() -> new IOException(file + ": no " + field));
  }
}
