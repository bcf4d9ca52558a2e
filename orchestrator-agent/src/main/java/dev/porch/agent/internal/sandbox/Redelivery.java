package dev.porch.agent.internal.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.core.StateLayout;
import dev.porch.core.TaskName;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.AgentOutcome;
import dev.porch.files.StateFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Delivers the cell of a sandboxed agent that another porch launched and then lost (killed, crashed):
 * when {@code porch recover} or a resumed run re-attaches to the agent's process, the cell whose
 * {@link Manifest} names that very process (pid and start time) is found, and its branch and report
 * are carried out as the launching porch would have: when the agent ends, before the outcome
 * completes; or at once when it has already ended (then the re-attach finds nothing, and recovery
 * sees the delivered status instead of failing a task that reported COMPLETE).
 *
 * <p>The manifest is not trusted: porch's own paths are rebuilt from the repository (the status file,
 * the git folder, the cell), and the manifest's are only compared with them. Nothing is delivered,
 * and the cell is kept, unless the task's real status file (which a sandboxed agent cannot write)
 * is still RUNNING with this process, on the manifest's branch and worktree; so a cell left by an
 * older attempt never moves the branch or the report of a newer one. What was not delivered is
 * written to the task's log ({@code porch logs}), and, when the agent ends while watched, added to
 * the outcome's reason.
 *
 * <p>Thread-safe: it holds only the repository's paths.
 */
public final class Redelivery {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._/-]*");
  /** Start times are compared to the second: a status file may keep whole seconds only. */
  private static final Duration SAME_START = Duration.ofSeconds(1);
  private final Path repository;
  private final StateLayout layout;

  /**
   * @param repository the repository whose agents are re-attached (its main worktree)
   */
  public Redelivery(Path repository) {
    this.repository = repository.toAbsolutePath().normalize();
    this.layout = StateLayout.of(this.repository);
  }

  /**
   * Re-attaches through {@code delegate} and delivers the cell of that process, if there is one.
   *
   * @param delegate the launcher that finds the process
   * @param task the task
   * @param pid the recorded process
   * @param started its recorded start
   * @return the delegate's handle, its outcome completing once the cell is delivered; empty when the
   *     process is gone (its cell then delivered at once)
   */
  public Optional<AgentHandle> reattach(AgentLauncher delegate, TaskName task, long pid, Instant started) {
    Optional<Path> manifest = find(task, pid, started);
    Optional<AgentHandle> h = delegate.reattach(task, pid, started);
    if (manifest.isEmpty()) {
      return h;
    }
    if (h.isPresent()) {
      return Optional.of(delivering(h.get(), task, manifest.get()));
    }
    if (alive(pid, started)) {
      return h; // the launcher cannot watch it, but it still runs: its cell is not finished
    }
    tell(task, redeliver(task, manifest.get()).problems(), true);
    return h;
  }

  private AgentHandle delivering(AgentHandle inner, TaskName task, Path manifest) {
    Optional<EgressProxy> proxy = proxyAgain(task, manifest);
    CompletableFuture<AgentOutcome> outcome = new CompletableFuture<>();
    inner.outcome().whenComplete((o, e) -> {
      proxy.ifPresent(EgressProxy::close);
      if (e != null) {
        outcome.completeExceptionally(e); // no longer watched (the launcher closed): the agent may still run
        return;
      }
      try {
        Result r = redeliver(task, manifest);
        tell(task, r.problems(), false);
        outcome.complete(Delivery.withProblems(o, r.sandbox(), List.of(), r.problems(),
            proxy.map(EgressProxy::refused).orElse(List.of())));
      } catch (RuntimeException bug) {
        outcome.complete(o);
      }
    });
    return AgentHandle.withOutcome(inner, outcome);
  }

  /**
   * A strict agent's network proxy lived in the porch that launched it: a re-attached agent gets it
   * again, on the same socket (its bridge connects per connection, so its next request goes through),
   * with the allow-list the manifest recorded. Only at the two places porch puts the socket: in the
   * cell, or a {@code porch-net-*} folder in the temp folder; and only over a stale socket, never
   * over another kind of file.
   */
  private Optional<EgressProxy> proxyAgain(TaskName task, Path manifestFile) {
    try {
      Manifest m = Manifest.read(manifestFile);
      if (m.proxySocket().isEmpty() || m.network().isEmpty()) {
        return Optional.empty();
      }
      Path socket = m.proxySocket().get().toAbsolutePath().normalize();
      Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
      boolean inCell = socket.equals(Manifest.dirOf(manifestFile).toAbsolutePath().normalize().resolve("net.sock"));
      boolean inTemp = socket.getFileName().toString().equals("s") && socket.getParent() != null
          && socket.getParent().getFileName().toString().startsWith("porch-net-") && tmp.equals(socket.getParent().getParent());
      if (!inCell && !inTemp) {
        tell(task, List.of("porch did not start the sandbox's network proxy again: its socket " + socket
            + " is not where porch puts one"), false);
        return Optional.empty();
      }
      if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
        if (!Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
            .isOther()) {
          tell(task, List.of("porch did not start the sandbox's network proxy again: " + socket + " is not a socket"),
              false);
          return Optional.empty();
        }
        Files.delete(socket);
      }
      return Optional.of(EgressProxy.start(socket, m.network()));
    } catch (IOException | RuntimeException e) {
      tell(task, List.of("porch could not start the sandbox's network proxy again: " + e.getMessage()), false);
      return Optional.empty();
    }
  }

  /** What a delivery did: its problems in words, and the sandbox named in the manifest. */
  record Result(List<String> problems, String sandbox) {}

  /** Checks the manifest and, when it holds, delivers the cell and removes it. */
  Result redeliver(TaskName task, Path manifestFile) {
    Path dir = Manifest.dirOf(manifestFile);
    Manifest m;
    try {
      m = Manifest.read(manifestFile);
    } catch (IOException | RuntimeException e) {
      return refused(dir, "its manifest cannot be read: " + e.getMessage(), "the sandbox");
    }
    Optional<GitPaths> git;
    try {
      git = check(task, dir, m);
    } catch (IOException | RuntimeException e) {
      return refused(dir, e.getMessage(), m.sandbox());
    }
    Cell cell = m.cell(dir, git);
    List<String> problems = Delivery.deliver(cell, Optional.of(layout.statusFile(task)));
    cell.remove();
    return new Result(problems, m.sandbox());
  }

  private static Result refused(Path dir, String why, String sandbox) {
    return new Result(List.of("porch did not deliver the sandboxed agent's branch and report from " + dir + ": "
        + why + "; the cell is kept (look at it, then remove it)"), sandbox);
  }

  /**
   * The git paths to deliver with, rebuilt from the repository; throws, saying why, when the
   * manifest does not describe this task's agent as the real status file knows it.
   */
  private Optional<GitPaths> check(TaskName task, Path dir, Manifest m) throws IOException {
    if (!m.task().equals(task.value()) || !dir.getFileName().toString().startsWith(task.value() + ".")) {
      throw new IOException("it names task '" + m.task() + "', not " + task);
    }
    Path statusFile = layout.statusFile(task).toAbsolutePath().normalize();
    if (!m.statusFile().toAbsolutePath().normalize().equals(statusFile)) {
      throw new IOException("its status file " + m.statusFile() + " is not " + statusFile);
    }
    Path worktrees = layout.worktreesFolder().toAbsolutePath().normalize();
    Path worktree = m.worktree().toAbsolutePath().normalize();
    if (!worktree.startsWith(worktrees) || worktree.equals(worktrees)) {
      throw new IOException("its worktree " + m.worktree() + " is not under " + worktrees);
    }
    if (!m.branch().isEmpty() && (!BRANCH.matcher(m.branch()).matches() || m.branch().contains(".."))) {
      throw new IOException("its branch '" + m.branch() + "' is not a branch name");
    }
    JsonNode status = status(statusFile);
    if (!"RUNNING".equals(status.path("status").asText().toUpperCase(Locale.ROOT))
        || !status.path("pid").canConvertToLong() || m.pid().isEmpty()
        || status.get("pid").asLong() != m.pid().getAsLong() || !sameStart(status, m)) {
      throw new IOException("the status file " + statusFile + " no longer says that this agent (process "
          + (m.pid().isPresent() ? m.pid().getAsLong() : "?") + ") is RUNNING: it is "
          + status.path("status").asText("?") + " with process " + status.path("pid").asText("none")
          + " (a later attempt, or already finished)");
    }
    if (!m.branch().equals(status.path("branch").asText())) {
      throw new IOException("its branch '" + m.branch() + "' is not the task's (" + status.path("branch").asText() + ")");
    }
    if (status.hasNonNull("worktree")
        && !repository.resolve(status.get("worktree").asText()).normalize().equals(worktree)) {
      throw new IOException("its worktree " + m.worktree() + " is not the task's (" + status.get("worktree").asText() + ")");
    }
    if (m.common().isEmpty()) {
      return Optional.empty(); // not a git worktree: only the report goes out
    }
    if (m.branch().isEmpty()) {
      throw new IOException("it names no branch");
    }
    Path common = commonGitFolder();
    if (!m.common().get().toAbsolutePath().normalize().equals(common)) {
      throw new IOException("its git folder " + m.common().get() + " is not the repository's (" + common + ")");
    }
    Path admin = m.admin().map(a -> a.toAbsolutePath().normalize()).orElse(common);
    if (!admin.startsWith(common.resolve("worktrees"))) {
      throw new IOException("its git admin folder " + admin + " is not under " + common.resolve("worktrees"));
    }
    return Optional.of(new GitPaths(admin, common, m.branch()));
  }

  private static boolean sameStart(JsonNode status, Manifest m) {
    if (m.pidStarted().isEmpty() || !status.path("pid_started").isTextual()) {
      return false;
    }
    try {
      Instant recorded = Instant.parse(status.get("pid_started").asText());
      return Duration.between(recorded, m.pidStarted().get()).abs().compareTo(SAME_START) <= 0;
    } catch (java.time.DateTimeException e) {
      return false;
    }
  }

  private static JsonNode status(Path file) throws IOException {
    JsonNode n = JSON.readTree(StateFiles.read(file, 1 << 20));
    if (n == null || !n.isObject()) {
      throw new IOException("the status file " + file + " is not a JSON object");
    }
    return n;
  }

  /** The repository's common git folder: {@code .git}, or where a linked main worktree's {@code .git} file points. */
  private Path commonGitFolder() throws IOException {
    Path dotGit = repository.resolve(".git");
    if (Files.isDirectory(dotGit, LinkOption.NOFOLLOW_LINKS)) {
      return dotGit;
    }
    return GitPaths.of(repository, "").map(GitPaths::common).map(p -> p.toAbsolutePath().normalize())
        .orElseThrow(() -> new IOException(repository + " is not a git repository"));
  }

  /** The manifest of {@code task}'s cell whose agent is process {@code pid}, started at {@code started}. */
  private Optional<Path> find(TaskName task, long pid, Instant started) {
    Path cells = layout.statusFolder().resolve(Cell.FOLDER);
    if (!Files.isDirectory(cells, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try (Stream<Path> all = Files.list(cells)) {
      for (Path p : all.filter(p -> isManifestOf(p, task)).sorted().toList()) {
        try {
          Manifest m = Manifest.read(p);
          if (m.pid().isPresent() && m.pid().getAsLong() == pid && m.pidStarted().isPresent()
              && Duration.between(m.pidStarted().get(), started).abs().compareTo(SAME_START) <= 0) {
            return Optional.of(p);
          }
        } catch (IOException | RuntimeException unreadable) {
          // not this process's cell (a refused or older one stays for the user: docs/sandbox.md)
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static boolean isManifestOf(Path p, TaskName task) {
    String name = p.getFileName().toString();
    return name.startsWith(task.value() + ".") && name.endsWith(".json")
        && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
  }

  private static boolean alive(long pid, Instant started) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(p -> p.info().startInstant())
        .filter(s -> Duration.between(s, started).abs().compareTo(SAME_START) <= 0).isPresent();
  }

  /** Writes what happened to the task's log, where {@code porch logs} shows it; best effort. */
  private void tell(TaskName task, List<String> problems, boolean delivered) {
    List<String> lines = new ArrayList<>(problems);
    if (problems.isEmpty() && delivered) {
      lines.add("porch: the sandboxed agent had ended while no porch watched it; its branch and report were delivered");
    }
    if (lines.isEmpty()) {
      return;
    }
    try (OutputStream out = StateFiles.append(repository, layout.logFile(task))) {
      for (String l : lines) {
        out.write((l.startsWith("porch: ") ? l : "porch: " + l).concat("\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // the outcome's reason still says it when the agent was watched
    }
  }
}
